package org.cxrlt.leaderboard.challenge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.RefusedFileException;
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

    AnswerKeys(Challenges challenges, JdbcTemplate jdbc, TransactionTemplate transaction, ReadLimits limits) {
        this.challenges = challenges;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.limits = limits;
    }

    public AnswerKeySummary upload(String challenge, String task, String phase, InputStreamSource file, long size,
                                   boolean synthetic) throws IOException {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        AnswerKey key;
        try (InputStream in = file.getInputStream()) {
            key = AnswerKey.read(in, ref.labels(), limits);
        } catch (RefusedInputException e) {
            throw RefusedFileException.of("The answer key", e);
        }
        Map<String, Integer> positives = new LinkedHashMap<>(key.positivesByLabel());
        try (CompressedUpload stored = CompressedUpload.of(file, size)) {
            transaction.executeWithoutResult(status -> store(ref, key, positives, stored, synthetic));
        }
        return new AnswerKeySummary(key.rows(), positives, key.warnings(), synthetic);
    }

    private void store(PhaseRef phase, AnswerKey key, Map<String, Integer> positives, CompressedUpload file,
                       boolean synthetic) {
        Long id;
        try (InputStream content = file.open()) {
            id = insert(phase, key, content, file.length(), synthetic);
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
        jdbc.update("update phase set active_answer_key_id = ?, leaderboard_version = leaderboard_version + 1, "
                + "leaderboard_updated_at = now() where id = ?", id, phase.phaseId());
    }

    private Long insert(PhaseRef phase, AnswerKey key, InputStream content, long length, boolean synthetic) {
        return jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "insert into answer_key (phase_id, content, rows, synthetic) values (?, ?, ?, ?) returning id");
            insert.setLong(1, phase.phaseId());
            insert.setBinaryStream(2, content, Math.toIntExact(length));
            insert.setInt(3, key.rows());
            insert.setBoolean(4, synthetic);
            return insert;
        }, rs -> rs.next() ? rs.getLong(1) : null);
    }
}
