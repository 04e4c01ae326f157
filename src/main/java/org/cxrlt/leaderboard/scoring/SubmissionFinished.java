package org.cxrlt.leaderboard.scoring;

import java.util.List;

/**
 * A submission's scoring ended: SCORED or FAILED. Published inside the transaction that writes
 * that status, so that listeners after commit (e.g. the notification mail) see only outcomes that
 * were stored.
 *
 * @param submissionId the submission
 * @param scored       true when SCORED, false when FAILED
 * @param mAP          the macro mAP when scored; null when failed
 * @param errors       the problems of a failed submission, as its team sees them; empty when scored
 */
public record SubmissionFinished(long submissionId, boolean scored, Double mAP, List<String> errors) {

    public SubmissionFinished {
        errors = List.copyOf(errors);
    }
}
