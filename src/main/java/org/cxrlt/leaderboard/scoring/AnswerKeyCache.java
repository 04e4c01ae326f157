package org.cxrlt.leaderboard.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.LabelGroups;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Parsed answer keys by id. An answer key never changes once stored (a new upload is a new id),
 * so entries never go stale; only the least recently used are dropped.
 */
@Component
class AnswerKeyCache {

    private final JdbcTemplate jdbc;
    private final ReadLimits limits;
    private final Map<Long, AnswerKey> keys;
    private final Challenges challenges;

    AnswerKeyCache(JdbcTemplate jdbc, ReadLimits limits, ScoringSettings settings, Challenges challenges) {
        this.jdbc = jdbc;
        this.challenges = challenges;
        this.limits = limits;
        int capacity = Math.max(1, settings.answerKeyCache());
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, AnswerKey> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The label groups of the key's task as its definition stands now: not cached, since organizers
     * may correct a training count or the group rule after the key was loaded.
     */
    LabelGroups groups(long answerKeyId) {
        return challenges.termsOfAnswerKey(answerKeyId).groups();
    }

    AnswerKey get(long answerKeyId) throws IOException, RefusedInputException {
        synchronized (keys) {
            AnswerKey key = keys.get(answerKeyId);
            if (key != null) {
                return key;
            }
        }
        // Parsed outside the lock: two workers may both parse a new key once, which is harmless.
        AnswerKey key = load(answerKeyId);
        synchronized (keys) {
            keys.put(answerKeyId, key);
        }
        return key;
    }

    private AnswerKey load(long answerKeyId) throws IOException, RefusedInputException {
        List<String> labels = jdbc.queryForList(
                "select label from answer_key_label where answer_key_id = ? order by position", String.class,
                answerKeyId);
        byte[] content = jdbc.queryForObject("select content from answer_key where id = ?", byte[].class,
                answerKeyId);
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            return AnswerKey.read(in, challenges.termsOfAnswerKey(answerKeyId).idColumn(), labels, limits);
        }
    }
}
