package org.cxrlt.leaderboard.scoring;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.challenge.AnswerKeys;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.LabelGroups;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.springframework.stereotype.Component;

/**
 * Parsed answer keys by id. An answer key never changes once stored (a new upload is a new id),
 * so entries never go stale; only the least recently used are dropped.
 */
@Component
class AnswerKeyCache {

    private final Map<Long, AnswerKey> keys;
    private final Challenges challenges;
    private final AnswerKeys answerKeys;

    AnswerKeyCache(ScoringSettings settings, Challenges challenges, AnswerKeys answerKeys) {
        this.challenges = challenges;
        this.answerKeys = answerKeys;
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
        return answerKeys.stored(answerKeyId);
    }
}
