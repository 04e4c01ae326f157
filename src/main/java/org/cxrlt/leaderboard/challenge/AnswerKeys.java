package org.cxrlt.leaderboard.challenge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answer keys: checked by the evaluation core, stored (compressed) in PostgreSQL, one active per
 * phase. Earlier versions are kept.
 */
@Service
public class AnswerKeys {

    private final Challenges challenges;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReadLimits limits;
    private final OrganizerActions audit;
    private final LeaderboardVersions leaderboards;

    AnswerKeys(Challenges challenges, JdbcTemplate jdbc, TransactionTemplate transaction, ReadLimits limits,
               OrganizerActions audit, LeaderboardVersions leaderboards) {
        this.leaderboards = leaderboards;
        this.challenges = challenges;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.limits = limits;
        this.audit = audit;
    }

    public AnswerKeySummary upload(String challenge, String task, String phase, InputStreamSource file, long size,
                                   boolean synthetic) throws IOException {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        AnswerKey key;
        try (InputStream in = file.getInputStream()) {
            key = AnswerKey.read(in, ref.idColumn(), ref.labels(), limits);
        } catch (RefusedInputException e) {
            throw ChallengeException.refusedFile("The answer key", e);
        }
        Map<String, Integer> positives = new LinkedHashMap<>(key.positivesByLabel());
        String actor = OrganizerActions.currentActor();
        Integer version;
        try (CompressedUpload stored = CompressedUpload.of(file, size)) {
            version = transaction.execute(status -> store(ref, key, positives, stored, synthetic, actor));
        }
        return new AnswerKeySummary(key.rows(), positives, key.warnings(), synthetic, version);
    }

    /**
     * A stored answer key read again by the core, with the labels it was stored with (in their
     * order) and its challenge's id column; decompressed first if the service compressed it
     * ({@link CompressedUpload.Compression#read}), under the same decompression limit.
     *
     * @throws RefusedInputException if the core refuses it now (a limit lowered since it was stored)
     * @throws IOException           if it could not be read (its stored bytes damaged)
     */
    public AnswerKey stored(long answerKeyId) throws IOException, RefusedInputException {
        List<String> labels = jdbc.queryForList(
                "select label from answer_key_label where answer_key_id = ? order by position", String.class,
                answerKeyId);
        String idColumn = challenges.termsOfAnswerKey(answerKeyId).idColumn();
        // Whole on the heap, as before: an answer key is read once per instance (then cached), and
        // its stored bytes are a few MB.
        Map<String, Object> row = jdbc.queryForMap("select content, compression from answer_key where id = ?",
                answerKeyId);
        CompressedUpload.Compression compression = CompressedUpload.Compression.valueOf((String) row.get("compression"));
        return compression.read(new ByteArrayInputStream((byte[]) row.get("content")), limits,
                in -> AnswerKey.read(in, idColumn, labels, limits));
    }

    /** Every answer key of a phase, newest first, with the active one marked. */
    public List<AnswerKeyVersion> versions(String challenge, String task, String phase) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Map<Long, Map<String, Integer>> positives = new HashMap<>();
        jdbc.query("""
                select l.answer_key_id, l.label, l.positives from answer_key_label l
                  join answer_key k on k.id = l.answer_key_id
                 where k.phase_id = ? order by l.answer_key_id, l.position
                """, rs -> {
            positives.computeIfAbsent(rs.getLong(1), id -> new LinkedHashMap<>()).put(rs.getString(2), rs.getInt(3));
        }, ref.phaseId());
        return jdbc.query("""
                select k.id, k.version, k.rows, k.synthetic, k.uploaded_at, k.uploaded_by,
                       k.id = p.active_answer_key_id as active
                  from answer_key k join phase p on p.id = k.phase_id
                 where k.phase_id = ? order by k.version desc
                """, (rs, row) -> new AnswerKeyVersion(rs.getInt("version"), rs.getInt("rows"),
                positives.getOrDefault(rs.getLong("id"), Map.of()), rs.getTimestamp("uploaded_at").toInstant(),
                rs.getString("uploaded_by"), rs.getBoolean("synthetic"), rs.getBoolean("active")), ref.phaseId());
    }

    /**
     * Makes another stored version the phase's active answer key. Scores against it count again
     * at once; submissions never scored against it need a rescore to appear on the leaderboard.
     */
    public AnswerKeyVersion activate(String challenge, String task, String phase, int version) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        transaction.executeWithoutResult(status -> {
            List<Long> ids = jdbc.queryForList("select id from answer_key where phase_id = ? and version = ?",
                    Long.class, ref.phaseId(), version);
            if (ids.isEmpty()) {
                throw ChallengeException.notFound("The " + ref.describe() + " has no answer key version " + version + ".");
            }
            Integer before = activeVersion(ref.phaseId());
            if (before != null && before == version) {
                throw ChallengeException.conflict("Answer key version " + version + " is already the active one of the "
                        + ref.describe() + ".");
            }
            jdbc.update("update phase set active_answer_key_id = ? where id = ?", ids.get(0), ref.phaseId());
            leaderboards.invalidate(ref.phaseId());
            audit.record("answer-key.activate", ref.path(), activeMap(before), activeMap(version));
        });
        return versions(challenge, task, phase).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow();
    }

    private Integer activeVersion(long phaseId) {
        List<Integer> found = jdbc.queryForList("select k.version from phase p join answer_key k "
                + "on k.id = p.active_answer_key_id where p.id = ?", Integer.class, phaseId);
        return found.isEmpty() ? null : found.get(0);
    }

    private static Map<String, Object> activeMap(Integer version) {
        Map<String, Object> map = new LinkedHashMap<>(); // the version may be null
        map.put("activeVersion", version);
        return map;
    }

    private int store(PhaseRef phase, AnswerKey key, Map<String, Integer> positives, CompressedUpload file,
                      boolean synthetic, String actor) {
        Integer before = activeVersion(phase.phaseId());
        // Numbered within the phase; two uploads at once may pick the same number, and the unique
        // constraint then refuses the second (a 409 asking to try again).
        Integer version = jdbc.queryForObject("select coalesce(max(version), 0) + 1 from answer_key where phase_id = ?",
                Integer.class, phase.phaseId());
        Long id;
        try (InputStream content = file.open()) {
            id = insert(phase, key, content, file.length(), file.compression(), synthetic, version, actor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Object[]> labels = new ArrayList<>();
        int position = 0;
        for (Map.Entry<String, Integer> label : positives.entrySet()) {
            labels.add(new Object[] {id, position++, label.getKey(), label.getValue()});
        }
        jdbc.batchUpdate("insert into answer_key_label (answer_key_id, position, label, positives) values (?, ?, ?, ?)",
                labels);
        // A new answer key changes every score that counts: the cached leaderboard is stale.
        jdbc.update("update phase set active_answer_key_id = ? where id = ?", id, phase.phaseId());
        leaderboards.invalidate(phase.phaseId());
        Map<String, Object> after = activeMap(version);
        after.put("rows", key.rows());
        after.put("positives", positives);
        after.put("synthetic", synthetic);
        audit.record(actor, "answer-key.upload", phase.path(), activeMap(before), after);
        return version;
    }

    private Long insert(PhaseRef phase, AnswerKey key, InputStream content, long length,
                        CompressedUpload.Compression compression, boolean synthetic, int version, String actor) {
        return jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("insert into answer_key (phase_id, content, rows, "
                    + "synthetic, version, uploaded_by, compression) values (?, ?, ?, ?, ?, ?, ?) returning id");
            insert.setLong(1, phase.phaseId());
            insert.setBinaryStream(2, content, Math.toIntExact(length));
            insert.setInt(3, key.rows());
            insert.setBoolean(4, synthetic);
            insert.setInt(5, version);
            insert.setString(6, actor);
            insert.setString(7, compression.name());
            return insert;
        }, rs -> rs.next() ? rs.getLong(1) : null);
    }
}
