package org.cxrlt.leaderboard.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.scoring.SubmissionQueue;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.ConflictException;
import org.cxrlt.leaderboard.system.InvalidRequestException;
import org.cxrlt.leaderboard.system.RefusedFileException;
import org.cxrlt.leaderboard.system.Sizes;
import org.cxrlt.leaderboard.system.TooLargeException;
import org.cxrlt.leaderboard.system.UploadSettings;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/** The organizers' baselines: reference entries scored like submissions, shown on the leaderboard unranked. Audited. */
@Service
public class Baselines {

    static final int MAX_NAME = 200;

    private final Challenges challenges;
    private final Submissions submissions;
    private final SubmissionQueue queue;
    private final OrganizerActions audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DataSize maxUploadSize;
    private final Clock clock;

    Baselines(Challenges challenges, Submissions submissions, SubmissionQueue queue, OrganizerActions audit, JdbcTemplate jdbc,
              TransactionTemplate transaction, UploadSettings uploads, Clock clock) {
        this.challenges = challenges;
        this.submissions = submissions;
        this.queue = queue;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.maxUploadSize = uploads.maxUploadSize();
        this.clock = clock;
    }

    /**
     * An organizers' baseline: checked and scored like any submission, shown on the leaderboard
     * flagged and without a rank. It belongs to no team and counts against no quota.
     */
    public SubmissionView uploadBaseline(String challenge, String task, String phase, String name,
                                         InputStreamSource file, String fileName, String contentType, long size,
                                         String description) throws IOException {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("A baseline needs a name (form field 'name'), shown on the leaderboard.");
        }
        if (name.trim().length() > MAX_NAME) {
            throw new InvalidRequestException("The baseline's name is longer than " + MAX_NAME + " characters.");
        }
        if (description != null && description.length() > Submissions.MAX_DESCRIPTION) {
            throw new InvalidRequestException("The description is longer than " + Submissions.MAX_DESCRIPTION
                    + " characters.");
        }
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        if (ref.answerKeyId() == null) {
            throw new ConflictException("The " + ref.describe() + " has no answer key yet, so a baseline could not "
                    + "be scored; upload the answer key first.");
        }
        if (size > maxUploadSize.toBytes()) {
            throw new TooLargeException("The file is larger than the limit of " + Sizes.describe(maxUploadSize) + ".");
        }
        if (size == 0) {
            throw new RefusedFileException("The file is empty.", List.of("The file is empty."));
        }
        submissions.checkHeader(file, ref);
        Long id;
        try (CompressedUpload stored = CompressedUpload.of(file, size)) {
            id = transaction.execute(status -> {
                Long created = jdbc.queryForObject("""
                        insert into submission (phase_id, team_id, baseline_name, description, file_name,
                                                file_size, submitted_at)
                        values (?, null, ?, ?, ?, ?, ?) returning id
                        """, Long.class, ref.phaseId(), name.trim(), description, fileName, size,
                        Timestamp.from(clock.instant()));
                try (InputStream content = stored.open()) {
                    jdbc.update(connection -> {
                        PreparedStatement insert = connection.prepareStatement("insert into submission_file "
                                + "(submission_id, compression, content, content_type) values (?, ?, ?, ?)");
                        insert.setLong(1, created);
                        insert.setString(2, stored.compression().name());
                        insert.setBinaryStream(3, content, Math.toIntExact(stored.length()));
                        insert.setString(4, contentType);
                        return insert;
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                queue.announce(created);
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
