package org.cxrlt.leaderboard.robustness;

import java.io.IOException;
import org.cxrlt.leaderboard.challenge.AnswerKeys;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.cxrlt.leaderboard.system.StoredFile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads what an analysis needs from the tables the challenge and submission modules keep: an
 * answer key and a submission's stored file, each given to the core as it was uploaded
 * (decompressed if the service compressed it).
 */
@Component
class RobustnessInputs {

    private final JdbcTemplate jdbc;
    private final ReadLimits limits;
    private final AnswerKeys answerKeys;

    RobustnessInputs(JdbcTemplate jdbc, ReadLimits limits, AnswerKeys answerKeys) {
        this.answerKeys = answerKeys;
        this.jdbc = jdbc;
        this.limits = limits;
    }

    AnswerKey answerKey(long answerKeyId) throws IOException, RefusedInputException {
        return answerKeys.stored(answerKeyId);
    }

    Submission submission(long submissionId, AnswerKey key) throws IOException, RefusedInputException {
        // Streamed a slice at a time, as the scoring workers read it: never the whole upload in memory.
        try (StoredFile in = StoredFile.open(jdbc, submissionId)) {
            return in.readUpload(limits, upload -> Submission.read(upload, key, limits));
        }
    }
}
