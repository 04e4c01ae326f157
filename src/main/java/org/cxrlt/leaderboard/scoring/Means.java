package org.cxrlt.leaderboard.scoring;

import java.util.List;

/**
 * The four headline metrics: plain means over the scored labels (lower mECE is better). On a
 * leaderboard, a metric its challenge does not show is null; mAP, which ranks, is always there.
 */
public record Means(double mAP, Double mAUROC, Double mF1, Double mECE) {

    /** These means with the metrics not in {@code metricsShown} (names such as {@code mAUROC}) left out. */
    public Means shown(List<String> metricsShown) {
        return new Means(mAP, metricsShown.contains("mAUROC") ? mAUROC : null,
                metricsShown.contains("mF1") ? mF1 : null, metricsShown.contains("mECE") ? mECE : null);
    }
}
