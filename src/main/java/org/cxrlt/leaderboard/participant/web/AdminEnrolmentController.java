package org.cxrlt.leaderboard.participant.web;

import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.participant.EnrolmentReview;
import org.cxrlt.leaderboard.participant.EnrolmentRules;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.participant.Evidence;
import org.cxrlt.leaderboard.participant.EvidenceFile;
import org.cxrlt.leaderboard.participant.ParticipantException;
import org.cxrlt.leaderboard.participant.ParticipantStatus;
import org.cxrlt.leaderboard.system.Choices;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A challenge's organizers: what enrolments must carry, the enrolments with their evidence, decisions, data access. */
@RestController
@RequestMapping("/api/v1/admin/challenges/{challenge}")
class AdminEnrolmentController {

    /** The only types stored (checked by content when sent); anything else is not served. */
    private static final List<String> SERVED = List.of("application/pdf", "image/png", "image/jpeg");

    private final Enrolments enrolments;

    AdminEnrolmentController(Enrolments enrolments) {
        this.enrolments = enrolments;
    }

    @PutMapping("/registration")
    EnrolmentRules rules(@PathVariable String challenge, @RequestBody EnrolmentRules rules) {
        return enrolments.setRules(challenge, rules);
    }

    @PutMapping("/data-access")
    Map<String, Object> dataAccess(@PathVariable String challenge, @RequestBody DataAccess body) {
        return enrolments.setDataAccess(challenge, body.text());
    }

    /** The challenge's enrolments (all, or in one status), oldest first, with links to their evidence. */
    @GetMapping("/enrolments")
    List<EnrolmentReview> list(@PathVariable String challenge,
                               @RequestParam(required = false) List<String> status) {
        return enrolments.list(challenge, Choices.optionalParameter("status", status, ParticipantStatus.class));
    }

    @PostMapping("/enrolments/{participantId}/approve")
    EnrolmentReview approve(@PathVariable String challenge, @PathVariable long participantId) {
        return enrolments.approve(challenge, participantId);
    }

    /** Rejects the enrolment; the reason is shown to the participant. */
    @PostMapping("/enrolments/{participantId}/reject")
    EnrolmentReview reject(@PathVariable String challenge, @PathVariable long participantId,
                           @Validated @RequestBody(required = false) RejectRequest request) {
        return enrolments.reject(challenge, participantId, request == null ? null : request.reason());
    }

    /**
     * One file of evidence, as an attachment (never shown inline by a browser) of its stored
     * type, with {@code X-Content-Type-Options: nosniff}.
     */
    @GetMapping("/enrolments/{participantId}/evidence/{kind}")
    ResponseEntity<byte[]> evidence(@PathVariable String challenge, @PathVariable long participantId,
                                    @PathVariable String kind) {
        Evidence evidence = Evidence.byName(kind);
        if (evidence == null) {
            throw ParticipantException.notFound("There is no evidence '" + kind + "': it is credentialCertificate or duaProof.");
        }
        EvidenceFile file = enrolments.evidence(challenge, participantId, evidence);
        if (!SERVED.contains(file.contentType())) {
            throw new IllegalStateException("stored evidence of an unexpected type: " + file.contentType());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(file.content());
    }

    record RejectRequest(@Size(max = 2000) String reason) {
    }

    record DataAccess(String text) {
    }
}
