package org.cxrlt.leaderboard.submission.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.cxrlt.leaderboard.submission.Baselines;
import org.cxrlt.leaderboard.submission.Disqualifications;
import org.cxrlt.leaderboard.submission.OrganizerSubmissions;
import org.cxrlt.leaderboard.submission.Rescores;
import org.cxrlt.leaderboard.submission.SubmissionException;
import org.cxrlt.leaderboard.submission.SubmissionPage;
import org.cxrlt.leaderboard.submission.SubmissionView;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.cxrlt.leaderboard.system.FileNames;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Organizers: every team's submissions, their files, rescoring, disqualification and baselines. */
@RestController
class AdminSubmissionController {

    private static final String PHASE = "/api/v1/admin/challenges/{challenge}/tasks/{task}/phases/{phase}";
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final OrganizerSubmissions submissions;
    private final Rescores rescores;
    private final Disqualifications disqualifications;
    private final Baselines baselines;

    AdminSubmissionController(OrganizerSubmissions submissions, Rescores rescores, Disqualifications disqualifications,
                              Baselines baselines) {
        this.submissions = submissions;
        this.rescores = rescores;
        this.disqualifications = disqualifications;
        this.baselines = baselines;
    }

    @GetMapping(PHASE + "/submissions")
    SubmissionPage list(@PathVariable String challenge, @PathVariable String task, @PathVariable String phase,
                        @RequestParam(required = false) String status, @RequestParam(required = false) String team,
                        @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return submissions.list(challenge, task, phase, status, team, page, size);
    }

    @GetMapping(PHASE + "/submissions.csv")
    ResponseEntity<String> csv(@PathVariable String challenge, @PathVariable String task,
                               @PathVariable String phase) {
        String csv = submissions.csv(challenge, task, phase);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(FileNames.safeOr(challenge + "-" + task + "-" + phase + "-submissions.csv",
                                "submissions.csv")).build().toString())
                .body(csv);
    }

    @PostMapping(PHASE + "/rescore")
    ResponseEntity<Map<String, Integer>> rescorePhase(@PathVariable String challenge, @PathVariable String task,
                                                      @PathVariable String phase) {
        return ResponseEntity.accepted().body(Map.of("requeued", rescores.rescore(challenge, task, phase)));
    }

    /** The upload as it came, byte for byte, under its original name and content type. */
    @GetMapping("/api/v1/admin/submissions/{id}/file")
    ResponseEntity<InputStreamResource> file(@PathVariable long id) {
        OrganizerSubmissions.OriginalFile file = submissions.file(id);
        MediaType type;
        try {
            type = MediaType.parseMediaType(file.contentType());
        } catch (IllegalArgumentException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        // Stored names are already safe; names stored before they were are made so here.
        String name = FileNames.safeOr(file.fileName(), "submission-" + id);
        return ResponseEntity.ok().contentType(type).contentLength(file.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name).build().toString())
                .body(new InputStreamResource(file.content()));
    }

    @PostMapping("/api/v1/admin/submissions/{id}/rescore")
    ResponseEntity<SubmissionView> rescore(@PathVariable long id) {
        return ResponseEntity.accepted().body(rescores.rescore(id));
    }

    @PostMapping("/api/v1/admin/submissions/{id}/disqualify")
    SubmissionView disqualify(@PathVariable long id, @RequestBody(required = false) Reason reason) {
        return disqualifications.disqualify(id, reason == null ? null : reason.reason());
    }

    @PostMapping("/api/v1/admin/submissions/{id}/requalify")
    SubmissionView requalify(@PathVariable long id) {
        return disqualifications.requalify(id);
    }

    /** An organizers' baseline entry (multipart {@code file} and {@code name}); 202 once queued. */
    @PostMapping(path = PHASE + "/baselines", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = BaselineUpload.class)))
    ResponseEntity<SubmissionView> baseline(@PathVariable String challenge, @PathVariable String task,
                                            @PathVariable String phase, MultipartHttpServletRequest request)
            throws IOException {
        MultipartFile file = request.getFile("file");
        if (file == null) {
            throw SubmissionException.invalid("The upload needs the file in a multipart part named 'file'.");
        }
        SubmissionView accepted = baselines.uploadBaseline(challenge, task, phase,
                DisplayNames.optionalName("name", request.getParameter("name"), Integer.MAX_VALUE), file,
                FileNames.ofPart(request, "file", file.getOriginalFilename()), file.getContentType(), file.getSize(),
                DisplayNames.text("description", request.getParameter("description"), Integer.MAX_VALUE));
        return ResponseEntity.accepted().location(URI.create("/api/v1/submissions/" + accepted.id())).body(accepted);
    }

    record Reason(String reason) {
    }

    /** The multipart form, as described to OpenAPI tools. */
    record BaselineUpload(
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200) String name,
            @Schema(maxLength = 2000) String description) {
    }
}
