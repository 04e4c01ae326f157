package org.cxrlt.leaderboard.scoring;

/** The four headline metrics: plain means over the scored labels (lower mECE is better). */
public record Means(double mAP, double mAUROC, double mF1, double mECE) {
}
