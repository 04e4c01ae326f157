package org.cxrlt.leaderboard.robustness;

import java.time.Instant;

/**
 * An analysis as listed: what it analyses and how far it is.
 *
 * @param snapshot      the frozen leaderboard analysed, or null for the live leaderboard when requested
 * @param progressDone  entry-replicates computed, of {@code progressTotal} (entries x B)
 * @param automatic     started by the service when the phase's {@code final} snapshot was taken
 * @param error         why it FAILED, else null
 */
public record AnalysisSummary(long id, String phase, String snapshot, int answerKeyVersion, long seed, int replicates,
                              int entries, AnalysisStatus status, boolean automatic, long progressDone,
                              long progressTotal, String requestedBy, Instant requestedAt, Instant startedAt,
                              Instant finishedAt, String error) {
}
