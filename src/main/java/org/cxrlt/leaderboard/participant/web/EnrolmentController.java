package org.cxrlt.leaderboard.participant.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.EnrolmentForm;
import org.cxrlt.leaderboard.participant.EnrolmentRules;
import org.cxrlt.leaderboard.participant.EnrolmentView;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.participant.Evidence;
import org.cxrlt.leaderboard.participant.EvidenceTypeException;
import org.cxrlt.leaderboard.system.FileNames;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** A participant enrols in a challenge (with the evidence it asks for) and, once approved, reads how to get its data. */
@RestController
class EnrolmentController {

    private static final String CHALLENGE = "/api/v1/challenges/{challenge}";

    private final Enrolments enrolments;

    EnrolmentController(Enrolments enrolments) {
        this.enrolments = enrolments;
    }

    /** Public: what an enrolment in the challenge must carry. */
    @GetMapping(CHALLENGE + "/registration")
    EnrolmentRules rules(@PathVariable String challenge) {
        return enrolments.rules(challenge);
    }

    /**
     * Enrols the caller, pending the challenge's organizers' approval: multipart with the fields
     * {@code team}, {@code physionetUsername}, {@code physionetEmail} and the files
     * {@code credentialCertificate} and {@code duaProof} (PDF, PNG or JPEG), as the challenge asks.
     */
    @PostMapping(path = CHALLENGE + "/enrolments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = Form.class)))
    ResponseEntity<EnrolmentView> enrol(@AuthenticationPrincipal Caller caller, @PathVariable String challenge,
                                        MultipartHttpServletRequest request) throws IOException {
        Map<Evidence, EnrolmentForm.Upload> files = new EnumMap<>(Evidence.class);
        for (Evidence kind : Evidence.values()) {
            MultipartFile file = request.getFile(kind.part());
            if (file != null) {
                files.put(kind, new EnrolmentForm.Upload(
                        FileNames.ofPart(request, kind.part(), file.getOriginalFilename()), file.getContentType(),
                        file.getSize(), head(file, enrolments.maxEvidenceBytes() + 1)));
            }
        }
        return created(challenge, enrolments.enrol(caller, challenge, new EnrolmentForm(request.getParameter("team"),
                request.getParameter("physionetUsername"), request.getParameter("physionetEmail"), files)));
    }

    /** The same without files, as JSON: for a challenge that asks for none. */
    @PostMapping(path = CHALLENGE + "/enrolments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EnrolmentView> enrolJson(@AuthenticationPrincipal Caller caller, @PathVariable String challenge,
                                            @RequestBody Fields fields) {
        return created(challenge, enrolments.enrol(caller, challenge, new EnrolmentForm(fields.team(),
                fields.physionetUsername(), fields.physionetEmail(), Map.of())));
    }

    private static ResponseEntity<EnrolmentView> created(String challenge, EnrolmentView view) {
        return ResponseEntity.created(URI.create("/api/v1/me")).body(view);
    }

    /** The data-access instructions, for the challenge's approved members (403 for anyone else). */
    @GetMapping(CHALLENGE + "/data-access")
    Map<String, Object> dataAccess(@AuthenticationPrincipal Caller caller, @PathVariable String challenge) {
        return Map.of("challenge", challenge, "text", enrolments.dataAccess(caller, challenge));
    }

    /** At most {@code limit} bytes: a file over the limit is refused without being read whole. */
    private static byte[] head(MultipartFile file, long limit) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
        }
    }

    @ExceptionHandler(EvidenceTypeException.class)
    ResponseEntity<ProblemDetail> unsupported(EvidenceTypeException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage()));
    }

    record Fields(String team, String physionetUsername, String physionetEmail) {
    }

    /** The multipart form, as described to OpenAPI tools. */
    record Form(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100) String team,
                String physionetUsername, String physionetEmail,
                @Schema(type = "string", format = "binary") String credentialCertificate,
                @Schema(type = "string", format = "binary") String duaProof) {
    }
}
