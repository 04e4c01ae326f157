package org.cxrlt.leaderboard.submission.web;

import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.submission.QuotaView;
import org.cxrlt.leaderboard.submission.Quotas;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A team's quota, cancelling, choosing and checking files: what a team does besides uploading. */
@RestController
class TeamSubmissionController {

    private static final String PHASE = "/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}";

    private final Quotas quotas;

    TeamSubmissionController(Quotas quotas) {
        this.quotas = quotas;
    }

    /** What the caller's team has used and has left in the phase. */
    @GetMapping(PHASE + "/quota")
    QuotaView quota(@AuthenticationPrincipal Caller caller, @PathVariable String challenge, @PathVariable String task,
                    @PathVariable String phase) {
        return quotas.usage(caller, challenge, task, phase);
    }
}
