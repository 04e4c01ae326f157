package org.cxrlt.leaderboard.submission.web;

import java.io.IOException;
import java.net.URI;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.submission.SubmissionPage;
import org.cxrlt.leaderboard.submission.SubmissionView;
import org.cxrlt.leaderboard.submission.Submissions;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
class SubmissionController {

    private static final String PHASE = "/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}";

    private final Submissions submissions;

    SubmissionController(Submissions submissions) {
        this.submissions = submissions;
    }

    /**
     * Accepts a prediction file (csv, csv.gz, or a zip with one csv) for scoring: 202 once it is
     * stored and queued; poll the Location for the result.
     */
    @PostMapping(path = PHASE + "/submissions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<SubmissionView> submit(@AuthenticationPrincipal Caller caller, @PathVariable String challenge,
                                          @PathVariable String task, @PathVariable String phase,
                                          @RequestPart("file") MultipartFile file,
                                          @RequestParam(required = false) String description) throws IOException {
        SubmissionView accepted = submissions.submit(caller, challenge, task, phase, file,
                file.getOriginalFilename(), file.getSize(), description);
        return ResponseEntity.accepted().location(URI.create("/api/v1/submissions/" + accepted.id())).body(accepted);
    }

    @GetMapping("/api/v1/submissions/{id}")
    SubmissionView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return submissions.get(caller, id);
    }

    @GetMapping(PHASE + "/submissions")
    SubmissionPage list(@AuthenticationPrincipal Caller caller, @PathVariable String challenge,
                        @PathVariable String task, @PathVariable String phase,
                        @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return submissions.list(caller, challenge, task, phase, page, size);
    }
}
