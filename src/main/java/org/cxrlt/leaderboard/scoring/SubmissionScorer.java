package org.cxrlt.leaderboard.scoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.cxrlt.leaderboard.system.DatabaseUnavailable;
import org.cxrlt.leaderboard.system.StoredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scores one claimed submission and records the outcome, whatever happens: a file the core
 * refuses is FAILED with its messages; a database that could not be reached
 * ({@link DatabaseUnavailable}) gives the claim back once it can be reached again, the attempt
 * not counted (the submission is not at fault); anything else thrown, {@link Error}s included,
 * releases the claim (queued again, FAILED after the last attempt), and the worker goes on.
 */
@Component
class SubmissionScorer {

    private static final Logger log = LoggerFactory.getLogger(SubmissionScorer.class);

    /** Reads a claimed submission's stored file against the answer key. */
    @FunctionalInterface
    interface SubmissionReader {
        Submission read(long submissionId, AnswerKey key) throws IOException, RefusedInputException;
    }

    private final TransactionTemplate transaction;
    private final SubmissionQueue queue;
    private final ScoreStore scores;
    private final AnswerKeyCache answerKeys;
    private final SubmissionReader reader;
    private final MeterRegistry meters;
    private final LocalCopies localCopies;
    private final ReadLimits limits;

    @Autowired
    SubmissionScorer(JdbcTemplate jdbc, TransactionTemplate transaction, SubmissionQueue queue, ScoreStore scores,
                     AnswerKeyCache answerKeys, ReadLimits limits, MeterRegistry meters, LocalCopies localCopies) {
        this(transaction, queue, scores, answerKeys, streamed(jdbc, limits, meters), meters, localCopies, limits);
    }

    /** Reading every submission with {@code reader}, never a local copy. */
    SubmissionScorer(TransactionTemplate transaction, SubmissionQueue queue, ScoreStore scores,
                     AnswerKeyCache answerKeys, SubmissionReader reader, MeterRegistry meters) {
        this(transaction, queue, scores, answerKeys, reader, meters, null, ReadLimits.DEFAULT);
    }

    /**
     * @param localCopies the plain uploads this instance kept, read instead of {@code reader} when
     *                    there is one for a first claim; null: none
     */
    SubmissionScorer(TransactionTemplate transaction, SubmissionQueue queue, ScoreStore scores,
                     AnswerKeyCache answerKeys, SubmissionReader reader, MeterRegistry meters,
                     LocalCopies localCopies, ReadLimits limits) {
        this.localCopies = localCopies;
        this.limits = limits;
        this.transaction = transaction;
        this.queue = queue;
        this.scores = scores;
        this.answerKeys = answerKeys;
        this.reader = reader;
        this.meters = meters;
    }

    /**
     * The stored file streamed from the database into the core, never whole on the heap:
     * decompressed on the way if the service compressed it (zstd, or gzip before it), else the
     * upload as it came (gzip or zip, which the core decompresses itself).
     */
    static SubmissionReader streamed(JdbcTemplate jdbc, ReadLimits limits) {
        return streamed(jdbc, limits, null);
    }

    /** As {@link #streamed(JdbcTemplate, ReadLimits)}, recording the time spent fetching slices (stage "fetch"). */
    static SubmissionReader streamed(JdbcTemplate jdbc, ReadLimits limits, MeterRegistry meters) {
        return (submissionId, key) -> {
            try (StoredFile in = StoredFile.open(jdbc, submissionId)) {
                Submission read = in.readUpload(limits, upload -> Submission.read(upload, key, limits));
                if (meters != null) {
                    stage(meters, "fetch", in.fetchNanos());
                }
                return read;
            }
        };
    }

    /**
     * The time of one stage of scoring a submission: "read" (from the database, decompressed,
     * parsed and matched with the answer key), "fetch" (the part of "read" spent waiting for the
     * database's slices), "metrics", "store" (the transaction that records the scores), "mark"
     * (the part of "store" that marks it SCORED and bumps the phase's leaderboard version, waiting
     * for the phase's row lock) and "commit" (the part of "store" spent committing).
     */
    private static void stage(MeterRegistry meters, String stage, long nanos) {
        try {
            Timer.builder("cxrlt.scoring.stage")
                    .description("Time of one stage of scoring a submission (read includes fetch)")
                    .tag("stage", stage)
                    .register(meters)
                    .record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            log.debug("Could not record the time of stage {}", stage, e);
        }
    }

    /**
     * The claimed submission from this instance's local copy of its upload when there is one and
     * this is its first claim (not a retry, not a rescore), else (or should the copy fail to
     * read) from the database. Counted by source in {@code cxrlt.scoring.reads}.
     */
    private Submission read(Claim claim, AnswerKey key) throws IOException, RefusedInputException {
        Optional<LocalCopies.Taken> taken = localCopies == null ? Optional.empty()
                : localCopies.take(claim.submissionId());
        if (taken.isPresent()) {
            try (LocalCopies.Taken copy = taken.get()) {
                if (claim.attempt() == 1 && !claim.rescore()) {
                    Submission read;
                    try {
                        read = Submission.read(copy.file(), key, limits);
                    } catch (RefusedInputException e) {
                        count("local"); // the file's fault, refused as it would be from the database
                        throw e;
                    }
                    count("local");
                    return read;
                }
            } catch (IOException e) {
                log.warn("Could not read the local copy of submission {}; reading the stored file instead",
                        claim.submissionId(), e);
            }
        }
        try {
            return reader.read(claim.submissionId(), key);
        } finally {
            count("database");
        }
    }

    private void count(String source) {
        try {
            meters.counter("cxrlt.scoring.reads", "source", source).increment();
        } catch (RuntimeException e) {
            log.debug("Could not count a read", e);
        }
    }

    /** Never throws: every outcome is recorded, or left to the lease when even that fails. */
    void score(Claim claim) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            outcome = scoreOrRefuse(claim);
        } catch (Throwable e) {
            if (DatabaseUnavailable.isCause(e)) {
                outcome = "database-unavailable";
                log.warn("Scoring submission {} met a database that could not be reached; it is queued again, the "
                        + "attempt not counted, once the database answers", claim.submissionId(), e);
                giveBackOnceReachable(claim);
                return;
            }
            // Not the file's fault (that is a RefusedInputException): queued again, or given up
            // after the last attempt. An Error (OutOfMemoryError above all) is caught too: the
            // stack it unwound holds what ran out, and the worker must live on for the others.
            boolean outOfMemory = e instanceof OutOfMemoryError;
            outcome = outOfMemory ? "out-of-memory" : "error";
            try {
                log.error("Scoring submission {} failed for an internal reason on attempt {}", claim.submissionId(),
                        claim.attempt(), e);
                queue.release(claim, outOfMemory);
            } catch (Throwable releaseFailed) {
                // The database is unreachable: the lease runs out and another claim takes it.
                log.error("Could not release submission {}; its lease will expire", claim.submissionId(),
                        releaseFailed);
            }
        } finally {
            try {
                Timer.builder("cxrlt.scoring.duration")
                        .description("Time to score one submission, from claim to stored scores")
                        .tag("outcome", outcome)
                        .register(meters)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                log.debug("Could not record the scoring time", e);
            }
        }
    }

    /**
     * Queues the claim again with its attempt uncounted ({@link SubmissionQueue#giveBack}), trying
     * until the database answers: meanwhile the claim stays this worker's (the heartbeat renews
     * its lease as soon as it can), so that no other claim counts an attempt for it. Gives up only
     * when the worker is interrupted (stopping, which gives its claims back itself) or on another
     * failure (the lease then runs out, and the next claim counts that attempt).
     */
    private void giveBackOnceReachable(Claim claim) {
        long wait = GIVE_BACK_FIRST_WAIT_MILLIS;
        while (true) {
            try {
                queue.giveBack(claim);
                return;
            } catch (RuntimeException e) {
                if (!DatabaseUnavailable.isCause(e)) {
                    log.error("Could not queue submission {} again; its lease will expire", claim.submissionId(), e);
                    return;
                }
                log.debug("The database still cannot be reached to queue submission {} again", claim.submissionId());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = Math.min(wait * 2, GIVE_BACK_MAX_WAIT_MILLIS);
        }
    }

    /** The first wait before trying again to give a claim back, doubled up to {@link #GIVE_BACK_MAX_WAIT_MILLIS}. */
    private static final long GIVE_BACK_FIRST_WAIT_MILLIS = 250;
    /** Well under a lease (at least 3 s), so that the claim is given back before it could run out. */
    private static final long GIVE_BACK_MAX_WAIT_MILLIS = 1_000;

    private String scoreOrRefuse(Claim claim) throws IOException, RefusedInputException {
        if (claim.answerKeyId() == null) {
            queue.markRefused(claim, List.of("The phase has no answer key any more, so nothing could be scored."));
            return "refused";
        }
        AnswerKey key = answerKeys.get(claim.answerKeyId());
        long started = System.nanoTime();
        Submission submission;
        try {
            submission = read(claim, key);
        } catch (RefusedInputException e) {
            queue.markRefused(claim, e.describeAll());
            return "refused";
        }
        long read = System.nanoTime();
        Scores result = Evaluator.score(key, submission, answerKeys.groups(claim.answerKeyId()));
        submission.release(); // its arrays serve the next submission read
        long scored = System.nanoTime();
        long millis = TimeUnit.NANOSECONDS.toMillis(scored - started);
        long[] marked = new long[2]; // how long marking took; when the transaction's work ended
        Boolean recorded = transaction.execute(status -> {
            long marking = System.nanoTime();
            boolean mine = queue.markScored(claim, result.warnings(), result.mAP());
            marked[0] = System.nanoTime() - marking;
            if (!mine) {
                return false;
            }
            scores.save(claim.submissionId(), claim.answerKeyId(), result, millis);
            marked[1] = System.nanoTime();
            return true;
        });
        long stored = System.nanoTime();
        stage(meters, "read", read - started);
        stage(meters, "metrics", scored - read);
        stage(meters, "store", stored - scored);
        stage(meters, "mark", marked[0]);
        if (marked[1] != 0) {
            stage(meters, "commit", stored - marked[1]);
        }
        if (!Boolean.TRUE.equals(recorded)) {
            log.warn("Submission {} was scored after its lease had passed to another worker; result dropped",
                    claim.submissionId());
            return "lease-lost";
        }
        return "scored";
    }
}
