package org.cxrlt.leaderboard.scoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Scores one claimed submission and records the outcome. */
@Component
class SubmissionScorer {

    private static final Logger log = LoggerFactory.getLogger(SubmissionScorer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SubmissionQueue queue;
    private final ScoreStore scores;
    private final AnswerKeyCache answerKeys;
    private final ReadLimits limits;
    private final MeterRegistry meters;

    SubmissionScorer(JdbcTemplate jdbc, TransactionTemplate transaction, SubmissionQueue queue, ScoreStore scores,
                     AnswerKeyCache answerKeys, ReadLimits limits, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.queue = queue;
        this.scores = scores;
        this.answerKeys = answerKeys;
        this.limits = limits;
        this.meters = meters;
    }

    void score(Claim claim) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            outcome = scoreOrRefuse(claim);
        } catch (Exception e) {
            // Not the file's fault (that is a RefusedInputException): queued again, or given up
            // after the last attempt.
            log.error("Scoring submission {} failed for an internal reason on attempt {}", claim.submissionId(),
                    claim.attempt(), e);
            queue.release(claim);
        } finally {
            Timer.builder("cxrlt.scoring.duration")
                    .description("Time to score one submission, from claim to stored scores")
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private String scoreOrRefuse(Claim claim) throws IOException, RefusedInputException {
        if (claim.answerKeyId() == null) {
            queue.markRefused(claim, List.of("The phase has no answer key any more, so nothing could be scored."));
            return "refused";
        }
        AnswerKey key = answerKeys.get(claim.answerKeyId());
        long started = System.nanoTime();
        Submission submission;
        // The stored bytes (gzip, or the upload if it came compressed): the core detects the format.
        byte[] content = jdbc.queryForObject("select content from submission_file where submission_id = ?",
                byte[].class, claim.submissionId());
        try (InputStream in = new ByteArrayInputStream(content)) {
            submission = Submission.read(in, key, limits);
        } catch (RefusedInputException e) {
            queue.markRefused(claim, e.describeAll());
            return "refused";
        }
        Scores result = Evaluator.score(key, submission);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Boolean stored = transaction.execute(status -> {
            if (!queue.markScored(claim, result.warnings())) {
                return false;
            }
            scores.save(claim.submissionId(), claim.answerKeyId(), result, millis);
            return true;
        });
        if (!Boolean.TRUE.equals(stored)) {
            log.warn("Submission {} was scored after its lease had passed to another worker; result dropped",
                    claim.submissionId());
            return "lease-lost";
        }
        return "scored";
    }
}
