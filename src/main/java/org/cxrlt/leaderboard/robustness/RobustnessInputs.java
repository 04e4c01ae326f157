package org.cxrlt.leaderboard.robustness;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.cxrlt.leaderboard.system.StoredFile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads what an analysis needs from the tables the challenge and submission modules keep: an
 * answer key as stored, and a submission's stored file, streamed (gzip, or as uploaded; the core
 * tells the format from the bytes).
 */
@Component
class RobustnessInputs {

    private final JdbcTemplate jdbc;
    private final ReadLimits limits;

    private final Challenges challenges;

    RobustnessInputs(JdbcTemplate jdbc, ReadLimits limits, Challenges challenges) {
        this.challenges = challenges;
        this.jdbc = jdbc;
        this.limits = limits;
    }

    AnswerKey answerKey(long answerKeyId) throws IOException, RefusedInputException {
        List<String> labels = jdbc.queryForList(
                "select label from answer_key_label where answer_key_id = ? order by position", String.class,
                answerKeyId);
        byte[] content = jdbc.queryForObject("select content from answer_key where id = ?", byte[].class, answerKeyId);
        try (InputStream in = new ByteArrayInputStream(content)) {
            return AnswerKey.read(in, challenges.termsOfAnswerKey(answerKeyId).idColumn(), labels, limits);
        }
    }

    Submission submission(long submissionId, AnswerKey key) throws IOException, RefusedInputException {
        // Streamed a slice at a time, as the scoring workers read it: never the whole upload in memory.
        try (InputStream in = StoredFile.open(jdbc, submissionId)) {
            return Submission.read(in, key, limits);
        }
    }
}
