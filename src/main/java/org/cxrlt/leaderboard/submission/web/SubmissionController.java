package org.cxrlt.leaderboard.submission.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.submission.FactSheet;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.submission.SubmissionPage;
import org.cxrlt.leaderboard.submission.SubmissionView;
import org.cxrlt.leaderboard.submission.Submissions;
import org.cxrlt.leaderboard.system.UploadSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.unit.DataSize;

@RestController
class SubmissionController {

    /** A client-chosen string that makes a retried upload answer with the first one's submission (24 h). */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set on every answer to an upload whose key found a submission it did not store itself. */
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private static final String PHASE = "/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}";

    private final Submissions submissions;
    private final Enrolments enrolments;
    private final UploadSettings uploads;
    private final int maxPartCount;
    private final DataSize maxPartHeaderSize;

    SubmissionController(Submissions submissions, Enrolments enrolments, UploadSettings uploads,
                         @Value("${server.tomcat.max-part-count:50}") int maxPartCount,
                         @Value("${server.tomcat.max-part-header-size:512B}") DataSize maxPartHeaderSize) {
        this.submissions = submissions;
        this.enrolments = enrolments;
        this.uploads = uploads;
        this.maxPartCount = maxPartCount;
        this.maxPartHeaderSize = maxPartHeaderSize;
    }

    /**
     * Accepts a prediction file (csv, csv.gz, or a zip with one csv) for scoring: 202 once it is
     * stored and queued; poll the Location for the result. The multipart body is read once, as a
     * stream ({@link MultipartForm}), only after the checks that need no file: Spring's multipart
     * resolution is lazy (spring.servlet.multipart.resolve-lazily), and nothing before this
     * method reads a parameter of this request.
     */
    @PostMapping(path = PHASE + "/submissions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = Upload.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
            description = "Stored and queued; the Location header names the submission to poll")
    ResponseEntity<SubmissionView> submit(@AuthenticationPrincipal Caller caller, @PathVariable String challenge,
                                          @PathVariable String task, @PathVariable String phase,
                                          @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
                                          HttpServletRequest request) throws IOException {
        Submissions.checkIdempotencyKey(key);
        caller = enrolments.in(caller, challenge); // its team in this challenge
        Optional<SubmissionView> earlier = submissions.earlierUpload(caller, challenge, task, phase, key);
        if (earlier.isPresent()) {
            // A retry of an upload that was stored: the same answer, nothing stored or counted again.
            return ResponseEntity.accepted().location(URI.create("/api/v1/submissions/" + earlier.get().id()))
                    .header(IDEMPOTENT_REPLAYED, "true").body(earlier.get());
        }
        PhaseRef admitted = submissions.admit(caller, challenge, task, phase);
        Submissions.Enqueued accepted = submissions.enqueue(admitted, caller.teamId(), caller.participantId(), key,
                MultipartForm.of(request, uploads.maxUploadSize(), maxPartCount, (int) maxPartHeaderSize.toBytes()));
        var answer = ResponseEntity.accepted().location(URI.create("/api/v1/submissions/" + accepted.submission().id()));
        if (accepted.replayed()) {
            // Another upload with this key stored it while this one arrived: a replay all the same.
            answer.header(IDEMPOTENT_REPLAYED, "true");
        }
        return answer.body(accepted.submission());
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

    /** The multipart form, as described to OpenAPI tools. */
    record Upload(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
                  @Schema(maxLength = 2000) String description,
                  @Schema(maxLength = FactSheet.MAX_METHOD_NAME,
                          description = "the method's name (required where the phase's factSheet is REQUIRED)")
                  String methodName,
                  @Schema(maxLength = FactSheet.MAX_METHOD_DESCRIPTION,
                          description = "the method's description (required where the phase's factSheet is REQUIRED)")
                  String methodDescription,
                  @Schema(maxLength = FactSheet.MAX_URL, format = "uri", description = "http or https") String codeUrl,
                  @Schema(maxLength = FactSheet.MAX_URL, format = "uri", description = "http or https") String paperUrl) {
    }
}
