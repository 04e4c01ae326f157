package org.cxrlt.leaderboard.submission;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.system.Choices;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.StoredFile;
import org.cxrlt.leaderboard.system.CsvExport;
import org.cxrlt.leaderboard.system.Paging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The organizers' view of submissions: every team's, filtered and exported, and the original
 * files. What they change is elsewhere: {@link Rescores}, {@link Disqualifications},
 * {@link Baselines}.
 */
@Service
public class OrganizerSubmissions {

    private final Challenges challenges;
    private final Submissions submissions;
    private final JdbcTemplate jdbc;
    private final ReadLimits limits;

    OrganizerSubmissions(Challenges challenges, Submissions submissions, JdbcTemplate jdbc, ReadLimits limits) {
        this.limits = limits;
        this.challenges = challenges;
        this.submissions = submissions;
        this.jdbc = jdbc;
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
        SubmissionStatus found = Choices.find(status, SubmissionStatus.class);
        if (found == null) {
            throw SubmissionException.invalid(Choices.refusal("status", SubmissionStatus.values(), status));
        }
        return found;
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
        header.addAll(List.of("methodName", "methodDescription", "codeUrl", "paperUrl")); // the fact sheet
        jdbc.query("""
                select s.id, coalesce(tm.name, s.baseline_name) as team, s.baseline_name is not null as baseline,
                       s.participant_id, s.submitted_at, s.scored_at, s.status, s.description, s.file_name,
                       s.file_size, s.disqualification_reason, k.version, sc.answer_key_id, sc.map, sc.mauroc,
                       sc.mf1, sc.mece, sc.head_map, sc.medium_map, sc.tail_map,
                       s.method_name, s.method_description, s.code_url, s.paper_url
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
            for (String column : List.of("method_name", "method_description", "code_url", "paper_url")) {
                fields.add(rs.getString(column));
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
     * database a slice at a time ({@link StoredFile}), never whole on the heap. A plain CSV that
     * the service compressed (zstd, or gzip before it) is decompressed on the way, under the
     * decompression limit: zstd is no encoding that browsers or curl decode by themselves.
     */
    public OriginalFile file(long id) {
        List<Map<String, Object>> found = jdbc.queryForList("""
                select s.file_name, s.file_size, f.content_type
                  from submission s join submission_file f on f.submission_id = s.id where s.id = ?
                """, id);
        if (found.isEmpty()) {
            throw SubmissionException.notFound("There is no submission " + id + ".");
        }
        Map<String, Object> row = found.get(0);
        try {
            StoredFile file = StoredFile.open(jdbc, id);
            boolean compressedByUs = file.compression() != CompressedUpload.Compression.AS_UPLOADED;
            BufferedInputStream stored = new BufferedInputStream(file, 1 << 16);
            String contentType = (String) row.get("content_type");
            if (contentType == null || contentType.isBlank()) {
                contentType = compressedByUs ? "text/csv" : sniff(stored);
            }
            InputStream content = file.compression().decode(stored, limits.maxUncompressedBytes());
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


    /** An upload as it came. Close the stream when done. */
    public record OriginalFile(String fileName, String contentType, long size, InputStream content) {
    }
}
