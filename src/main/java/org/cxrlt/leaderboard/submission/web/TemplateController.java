package org.cxrlt.leaderboard.submission.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.ChallengeAccess;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.participant.ParticipantStatus;
import org.cxrlt.leaderboard.scoring.SubmissionTemplates;
import org.cxrlt.leaderboard.submission.SubmissionException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The file to fill in for a phase: for the challenge's approved members (and its organizers). */
@RestController
class TemplateController {

    private final Challenges challenges;
    private final Enrolments enrolments;
    private final SubmissionTemplates templates;

    private final ChallengeAccess access;

    TemplateController(Challenges challenges, Enrolments enrolments, SubmissionTemplates templates,
                       ChallengeAccess access) {
        this.access = access;
        this.challenges = challenges;
        this.enrolments = enrolments;
        this.templates = templates;
    }

    /**
     * {@code text/csv}: the header (id column, labels in order) and the active answer key's ids,
     * values empty. 403 unless approved in this challenge; 409 while the phase has no answer key.
     */
    @GetMapping("/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}/template.csv")
    void template(@AuthenticationPrincipal Caller caller, @PathVariable String challenge, @PathVariable String task,
                  @PathVariable String phase, HttpServletResponse response) throws IOException {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Caller member = enrolments.in(caller, challenge);
        // the organizers of this challenge (and the administrator), not those of another
        if (!access.organizes(caller, challenge) && member.status() != ParticipantStatus.APPROVED) {
            throw SubmissionException.notAllowed("The submission template of " + challenge + " is for its approved members: "
                    + (member.status() == null ? "you are not enrolled in it."
                    : "your enrolment is " + member.status().name().toLowerCase(Locale.ROOT) + "."));
        }
        if (ref.answerKeyId() == null) {
            throw SubmissionException.conflict("The " + ref.describe() + " has no answer key yet, so there are no ids to "
                    + "fill in.");
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(challenge + "-" + task + "-" + phase + "-template.csv").build().toString());
        Writer out = response.getWriter();
        templates.write(ref.answerKeyId(), ref.labels(), out);
        out.flush();
    }
}
