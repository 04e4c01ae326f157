package org.cxrlt.leaderboard.robustness;

import java.time.Instant;

/**
 * A team's own entry in the latest finished analysis of a phase, as its members may see it.
 *
 * @param rank       on the full answer key, among {@code entries} entries
 * @param rankMedian median of the replicates' ranks, with its 95 % interval
 */
public record OwnInterval(long analysisId, String snapshot, int replicates, long seed, int answerKeyVersion,
                          Instant finishedAt, String team, long submissionId, double mAP, double mAPLow,
                          double mAPHigh, int rank, double rankMedian, double rankLow, double rankHigh, double pFirst,
                          int entries) {
}
