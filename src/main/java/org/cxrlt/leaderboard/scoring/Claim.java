package org.cxrlt.leaderboard.scoring;

/** A submission a worker has leased for scoring. */
record Claim(long submissionId, long phaseId, Long answerKeyId, int attempt, String worker) {
}
