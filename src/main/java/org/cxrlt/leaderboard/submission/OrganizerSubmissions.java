package org.cxrlt.leaderboard.submission;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.LeaderboardVersions;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.scoring.SubmissionQueue;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.StoredFile;
import org.cxrlt.leaderboard.system.ConflictException;
import org.cxrlt.leaderboard.system.CsvExport;
import org.cxrlt.leaderboard.system.InvalidRequestException;
import org.cxrlt.leaderboard.system.Paging;
import org.cxrlt.leaderboard.system.UploadSettings;
import org.cxrlt.leaderboard.system.NotFoundException;
import org.cxrlt.leaderboard.system.RefusedFileException;
import org.cxrlt.leaderboard.system.Sizes;
import org.cxrlt.leaderboard.system.TooLargeException;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The organizers' view of submissions: every team's, filtered and exported, the original files,
 * rescoring, disqualification and baseline entries. Every change is in the audit log.
 */
@Service
public class OrganizerSubmissions {

    static final int MAX_NAME = 200;

    private final Challenges challenges;
    private final Submissions submissions;
    private final SubmissionQueue queue;
    private final OrganizerActions audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DataSize maxUploadSize;
    private final Clock clock;
    private final LeaderboardVersions leaderboards;

    OrganizerSubmissions(Challenges challenges, Submissions submissions, SubmissionQueue queue, OrganizerActions audit,
                         JdbcTemplate jdbc, TransactionTemplate transaction,
                         UploadSettings uploads, Clock clock,
                         LeaderboardVersions leaderboards) {
        this.leaderboards = leaderboards;
        this.challenges = challenges;
        this.submissions = submissions;
        this.queue = queue;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.maxUploadSize = uploads.maxUploadSize();
        this.clock = clock;
    }

    /** Every submission of a phase, newest first, optionally of one status and one team (by name, any case). */
    public SubmissionPage list(String challenge, String task, String phase, String status, String team, int page,
                               int size) {
        Paging paging = new Paging(page, size);
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        StringBuilder where = new StringBuilder(" where s.phase_id = ?");
        List<Object> args = new ArrayList<>(List.of(ref.phaseId()));
        if (status != null && !status.isBlank()) {
            where.append(" and s.status = ?");
            args.add(status(status).name());
        }
        if (team != null && !team.isBlank()) {
            where.append(" and lower(coalesce(tm.name, s.baseline_name)) = lower(?)");
            args.add(team.trim());
        }
        Long total = jdbc.queryForObject("select count(*) from submission s left join team tm on tm.id = s.team_id"
                + where, Long.class, args.toArray());
        args.add(size);
        args.add(paging.offset());
        List<SubmissionView> items = jdbc.query(Submissions.VIEW_QUERY + where
                        + " order by s.submitted_at desc, s.id desc limit ? offset ?",
                (rs, row) -> submissions.toView(rs, false), args.toArray());
        long totalItems = total == null ? 0 : total;
        return new SubmissionPage(items, page, size, totalItems, paging.pages(totalItems));
    }

    private static SubmissionStatus status(String status) {
        try {
            return SubmissionStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("status must be one of QUEUED, SCORING, SCORED, FAILED, CANCELLED, not '"
                    + status + "'.");
        }
    }

    /**
     * Every submission of a phase as CSV (RFC 4180, CRLF), oldest first: team, times, status,
     * description and every score, each label's AP included. The scores are those against the
     * active answer key, else the latest kept (the answerKeyVersion column says which).
     */
    public String csv(String challenge, String task, String phase) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Map<String, Map<String, Double>> aps = new HashMap<>();
        jdbc.query("""
                select l.submission_id, l.answer_key_id, l.label, l.ap from label_score l
                  join submission s on s.id = l.submission_id where s.phase_id = ?
                """, rs -> {
            aps.computeIfAbsent(rs.getLong(1) + "/" + rs.getLong(2), key -> new HashMap<>())
                    .put(rs.getString(3), rs.getDouble(4));
        }, ref.phaseId());
        List<List<?>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("id", "team", "baseline", "participantId", "submittedAt",
                "scoredAt", "status", "description", "fileName", "fileSize", "disqualified", "answerKeyVersion",
                "mAP", "mAUROC", "mF1", "mECE", "head", "medium", "tail"));
        for (String label : ref.labels()) {
            header.add("AP " + label);
        }
        jdbc.query("""
                select s.id, coalesce(tm.name, s.baseline_name) as team, s.baseline_name is not null as baseline,
                       s.participant_id, s.submitted_at, s.scored_at, s.status, s.description, s.file_name,
                       s.file_size, s.disqualification_reason, k.version, sc.answer_key_id, sc.map, sc.mauroc,
                       sc.mf1, sc.mece, sc.head_map, sc.medium_map, sc.tail_map
                  from submission s
                  join phase p on p.id = s.phase_id
                  left join lateral (select x.* from score x where x.submission_id = s.id
                                      order by x.answer_key_id = p.active_answer_key_id desc, x.scored_at desc
                                      limit 1) sc on true
                  left join answer_key k on k.id = sc.answer_key_id
                  left join team tm on tm.id = s.team_id
                 where s.phase_id = ?
                 order by s.submitted_at, s.id
                """, rs -> {
            List<Object> fields = new ArrayList<>();
            fields.add(rs.getLong("id"));
            fields.add(rs.getString("team"));
            fields.add(rs.getBoolean("baseline"));
            fields.add(rs.getObject("participant_id"));
            fields.add(instant(rs.getTimestamp("submitted_at")));
            fields.add(instant(rs.getTimestamp("scored_at")));
            fields.add(rs.getString("status"));
            fields.add(rs.getString("description"));
            fields.add(rs.getString("file_name"));
            fields.add(rs.getLong("file_size"));
            fields.add(rs.getString("disqualification_reason"));
            fields.add(rs.getObject("version"));
            for (String column : List.of("map", "mauroc", "mf1", "mece", "head_map", "medium_map", "tail_map")) {
                fields.add(rs.getObject(column)); // doubles as Java writes them: they read back exactly
            }
            Map<String, Double> labels = aps.getOrDefault(rs.getLong("id") + "/" + rs.getLong("answer_key_id"),
                    Map.of());
            for (String label : ref.labels()) {
                fields.add(labels.get(label));
            }
            rows.add(fields);
        }, ref.phaseId());
        return CsvExport.write(header, rows);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * The upload as it came, byte for byte, with its name and content type; streamed from the
     * database a slice at a time ({@link StoredFile}), never whole on the heap.
     */
    public OriginalFile file(long id) {
        List<Map<String, Object>> found = jdbc.queryForList("""
                select s.file_name, s.file_size, f.compression, f.content_type
                  from submission s join submission_file f on f.submission_id = s.id where s.id = ?
                """, id);
        if (found.isEmpty()) {
            throw new NotFoundException("There is no submission " + id + ".");
        }
        Map<String, Object> row = found.get(0);
        boolean gzippedByUs = CompressedUpload.Compression.GZIP.name().equals(row.get("compression"));
        try {
            BufferedInputStream stored = new BufferedInputStream(StoredFile.open(jdbc, id), 1 << 16);
            String contentType = (String) row.get("content_type");
            if (contentType == null || contentType.isBlank()) {
                contentType = gzippedByUs ? "text/csv" : sniff(stored);
            }
            InputStream content = gzippedByUs ? new GZIPInputStream(stored, 1 << 16) : stored;
            return new OriginalFile((String) row.get("file_name"), contentType, ((Number) row.get("file_size")).longValue(),
                    content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sniff(BufferedInputStream stored) throws IOException {
        stored.mark(2);
        byte[] head = stored.readNBytes(2);
        stored.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return "application/gzip";
        }
        return head.length >= 2 && head[0] == 'P' && head[1] == 'K' ? "application/zip" : "text/csv";
    }

    /** Queues every SCORED or FAILED submission of the phase again, to be scored against the active answer key. */
    public int rescore(String challenge, String task, String phase) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        if (ref.answerKeyId() == null) {
            throw new ConflictException("The " + ref.describe() + " has no answer key, so nothing can be rescored.");
        }
        Integer requeued = transaction.execute(status -> {
            List<Long> ids = queue.requeuePhase(ref.phaseId());
            leaderboards.invalidate(ref.phaseId());
            ids.forEach(queue::announce);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("requeued", ids.size());
            after.put("answerKeyVersion", jdbc.queryForObject("select version from answer_key where id = ?",
                    Integer.class, ref.answerKeyId()));
            audit.record("phase.rescore", ref.path(), null, after);
            return ids.size();
        });
        return requeued == null ? 0 : requeued;
    }

    /** Queues one SCORED or FAILED submission again; 409 while it is queued, being scored or cancelled. */
    public SubmissionView rescore(long id) {
        transaction.executeWithoutResult(status -> {
            SubmissionStatus before = currentStatus(id);
            if (before == SubmissionStatus.QUEUED || before == SubmissionStatus.SCORING) {
                throw new ConflictException("Submission " + id + " is " + before + ": it will be scored against the "
                        + "active answer key anyway.");
            }
            if (before == SubmissionStatus.CANCELLED) {
                throw new ConflictException("Submission " + id + " was cancelled by its team, so it is not scored.");
            }
            if (!queue.requeue(id, before.name())) {
                throw new ConflictException("Submission " + id + " changed meanwhile; please try again.");
            }
            leaderboards.invalidate(phaseOf(id));
            queue.announce(id);
            audit.record("submission.rescore", "submission:" + id, Map.of("status", before.name()),
                    Map.of("status", "QUEUED"));
        });
        return submissions.view(id, false);
    }

    /** Leaves a submission off the leaderboard; it stays in the record and its team sees the reason. */
    public SubmissionView disqualify(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("A disqualification needs a reason: send {\"reason\": \"...\"}; "
                    + "the team will see it.");
        }
        if (reason.length() > Submissions.MAX_DESCRIPTION) {
            throw new InvalidRequestException("The reason is longer than " + Submissions.MAX_DESCRIPTION
                    + " characters.");
        }
        transaction.executeWithoutResult(status -> {
            String before = disqualification(id);
            if (before != null) {
                throw new ConflictException("Submission " + id + " is already disqualified (" + before + ").");
            }
            jdbc.update("update submission set disqualified_at = ?, disqualification_reason = ? where id = ?",
                    Timestamp.from(clock.instant()), reason.trim(), id);
            leaderboards.invalidate(phaseOf(id));
            audit.record("submission.disqualify", "submission:" + id, disqualifiedMap(null),
                    disqualifiedMap(reason.trim()));
        });
        return submissions.view(id, true);
    }

    /** Undoes a disqualification. */
    public SubmissionView requalify(long id) {
        transaction.executeWithoutResult(status -> {
            String before = disqualification(id);
            if (before == null) {
                throw new ConflictException("Submission " + id + " is not disqualified.");
            }
            jdbc.update("update submission set disqualified_at = null, disqualification_reason = null where id = ?", id);
            leaderboards.invalidate(phaseOf(id));
            audit.record("submission.requalify", "submission:" + id, disqualifiedMap(before), disqualifiedMap(null));
        });
        return submissions.view(id, true);
    }

    private static Map<String, Object> disqualifiedMap(String reason) {
        Map<String, Object> map = new LinkedHashMap<>(); // the reason may be null
        map.put("disqualified", reason);
        return map;
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

    private SubmissionStatus currentStatus(long id) {
        // Not FOR UPDATE: a key-share lock (a foreign key check) need not wait for it.
        List<String> found = jdbc.queryForList("select status from submission where id = ? for no key update",
                String.class, id);
        if (found.isEmpty()) {
            throw new NotFoundException("There is no submission " + id + ".");
        }
        return SubmissionStatus.valueOf(found.get(0));
    }

    private String disqualification(long id) {
        List<Map<String, Object>> found = jdbc.queryForList(
                "select disqualification_reason from submission where id = ? for no key update", id);
        if (found.isEmpty()) {
            throw new NotFoundException("There is no submission " + id + ".");
        }
        return (String) found.get(0).get("disqualification_reason");
    }

    private long phaseOf(long id) {
        Long phase = jdbc.queryForObject("select phase_id from submission where id = ?", Long.class, id);
        return phase == null ? 0 : phase;
    }


    /** An upload as it came. Close the stream when done. */
    public record OriginalFile(String fileName, String contentType, long size, InputStream content) {
    }
}
