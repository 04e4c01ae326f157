package org.cxrlt.leaderboard.scoring;

/**
 * A submission a worker has leased for scoring.
 *
 * @param rescore whether it was queued again by an organizer's rescore
 */
record Claim(long submissionId, long phaseId, Long answerKeyId, int attempt, String worker, boolean rescore) {

    Claim(long submissionId, long phaseId, Long answerKeyId, int attempt, String worker) {
        this(submissionId, phaseId, answerKeyId, attempt, worker, false);
    }
}
