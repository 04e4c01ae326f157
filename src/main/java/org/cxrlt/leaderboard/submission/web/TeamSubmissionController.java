package org.cxrlt.leaderboard.submission.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.scoring.SubmissionCheck;
import org.cxrlt.leaderboard.submission.Chosen;
import org.cxrlt.leaderboard.submission.QuotaView;
import org.cxrlt.leaderboard.submission.Quotas;
import org.cxrlt.leaderboard.submission.SubmissionException;
import org.cxrlt.leaderboard.submission.SubmissionView;
import org.cxrlt.leaderboard.submission.TeamSubmissions;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** A team's quota, cancelling, choosing and checking files: what a team does besides uploading. */
@RestController
class TeamSubmissionController {

    private static final String PHASE = "/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}";

    private final Quotas quotas;
    private final TeamSubmissions teamSubmissions;

    TeamSubmissionController(Quotas quotas, TeamSubmissions teamSubmissions) {
        this.quotas = quotas;
        this.teamSubmissions = teamSubmissions;
    }

    /** What the caller's team has used and has left in the phase. */
    @GetMapping(PHASE + "/quota")
    QuotaView quota(@AuthenticationPrincipal Caller caller, @PathVariable String challenge, @PathVariable String task,
                    @PathVariable String phase) {
        return quotas.usage(caller, challenge, task, phase);
    }

    /** A QUEUED submission of the caller's team is cancelled and gives its quota back; 409 otherwise. */
    @PostMapping("/api/v1/submissions/{id}/cancel")
    SubmissionView cancel(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return teamSubmissions.cancel(caller, id);
    }

    /** In a phase whose selection is CHOSEN: the team's submission that stands on the leaderboard. */
    @PutMapping("/api/v1/submissions/{id}/selected")
    Chosen choose(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return teamSubmissions.choose(caller, id);
    }

    /**
     * The full check of a file against the phase's answer key, no scores, nothing stored, no quota
     * used: {@code {"valid","errors","warnings"}}. The file is read only after the other checks.
     */
    @PostMapping(path = PHASE + "/validate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = FileForm.class)))
    SubmissionCheck.Result validate(@AuthenticationPrincipal Caller caller, @PathVariable String challenge,
                                    @PathVariable String task, @PathVariable String phase,
                                    MultipartHttpServletRequest request) throws IOException {
        var admitted = teamSubmissions.admitValidation(caller, challenge, task, phase);
        MultipartFile file = request.getFile("file");
        if (file == null) {
            throw SubmissionException.invalid("The check needs the file in a multipart part named 'file'.");
        }
        return teamSubmissions.check(admitted, file);
    }

    record FileForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
                    String file) {
    }
}
