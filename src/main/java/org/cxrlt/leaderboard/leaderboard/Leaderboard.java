package org.cxrlt.leaderboard.leaderboard;

import java.time.Instant;
import java.util.List;

/**
 * @param updatedAt    when the ranking last changed (a newly scored submission or a new answer key)
 * @param metricsShown the metrics the challenge shows, mAP first; the entries have the others null
 *                     (null in snapshots taken before challenges chose: all four)
 */
public record Leaderboard(String challenge, String task, String phase, String rankedBy, Instant updatedAt,
                          List<LeaderboardEntry> entries, List<String> metricsShown) {

    /** The metrics shown, all four for a snapshot taken before challenges chose them. */
    public List<String> metricsOrAll() {
        return metricsShown == null ? ALL_METRICS : metricsShown;
    }

    static final List<String> ALL_METRICS = List.of("mAP", "mAUROC", "mF1", "mECE");
}
