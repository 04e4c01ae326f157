package org.cxrlt.leaderboard.submission;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The organizers' baselines: reference entries scored like submissions, shown on the leaderboard
 * unranked. Checked and stored by {@link Submissions}, as a participant's upload is. Audited.
 */
@Service
public class Baselines {

    static final int MAX_NAME = 200;

    private final Challenges challenges;
    private final Submissions submissions;
    private final OrganizerActions audit;
    private final TransactionTemplate transaction;

    Baselines(Challenges challenges, Submissions submissions, OrganizerActions audit, TransactionTemplate transaction) {
        this.challenges = challenges;
        this.submissions = submissions;
        this.audit = audit;
        this.transaction = transaction;
    }

    /**
     * An organizers' baseline: checked and scored like any submission, shown on the leaderboard
     * flagged and without a rank. It belongs to no team and counts against no quota.
     */
    public SubmissionView uploadBaseline(String challenge, String task, String phase, String name,
                                         InputStreamSource file, String fileName, String contentType, long size,
                                         String description) throws IOException {
        if (name == null || name.isBlank()) {
            throw SubmissionException.invalid("A baseline needs a name (form field 'name'), shown on the leaderboard.");
        }
        if (name.trim().length() > MAX_NAME) {
            throw SubmissionException.invalid("The baseline's name is longer than " + MAX_NAME + " characters.");
        }
        Submissions.checkDescription(description);
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        if (ref.answerKeyId() == null) {
            throw SubmissionException.conflict("The " + ref.describe() + " has no answer key yet, so a baseline could not "
                    + "be scored; upload the answer key first.");
        }
        Submissions.Upload upload = new Submissions.Upload(file, fileName, size, contentType, description, null);
        submissions.checkFile(upload, ref);
        Long id;
        try (CompressedUpload stored = CompressedUpload.streamed(file, size)) {
            id = transaction.execute(status -> {
                long created = submissions.insert(ref.phaseId(), Submissions.Sender.baseline(name.trim()), stored,
                        upload);
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("submissionId", created);
                after.put("name", name.trim());
                after.put("fileName", fileName);
                after.put("fileSize", size);
                audit.record("baseline.upload", ref.path(), null, after);
                return created;
            });
        }
        return submissions.view(id, false);
    }
}
