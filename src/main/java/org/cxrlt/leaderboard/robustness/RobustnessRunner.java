package org.cxrlt.leaderboard.robustness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.RankingRobustness;
import org.cxrlt.leaderboard.evaluation.RefusedEntriesException;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.RobustnessEntry;
import org.cxrlt.leaderboard.evaluation.RobustnessResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs queued analyses, one at a time per instance, on a thread of its own. An analysis is
 * claimed with {@code FOR UPDATE SKIP LOCKED} and a lease that each progress report extends; one
 * whose instance died is taken again once its lease has passed. A refused input (a submission or
 * an answer key the core refuses) fails the analysis with the reason; an internal error is tried
 * again, up to three attempts.
 */
@Component
class RobustnessRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RobustnessRunner.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
    private static final TypeReference<List<AnalysisView.EntryRef>> ENTRY_REFS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final RobustnessInputs inputs;
    private final RobustnessSettings settings;
    private final JsonMapper json;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "robustness-runner");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    RobustnessRunner(JdbcTemplate jdbc, RobustnessInputs inputs, RobustnessSettings settings, JsonMapper json) {
        this.jdbc = jdbc;
        this.inputs = inputs;
        this.settings = settings;
        this.json = json;
    }

    /**
     * Sees each step of a running analysis, on the thread that computed it: a test's window on the
     * progress while the analysis runs. Not set in production (the default records nothing extra).
     */
    interface ProgressHook {

        ProgressHook NONE = new ProgressHook() {
        };

        /** Whether to record this step's progress now, besides the reports made every second. */
        default boolean recordNow(long analysisId, long done, long total) {
            return false;
        }

        /** After a step's progress asked for by {@link #recordNow} was recorded (committed). */
        default void recorded(long analysisId, long done, long total) {
        }

        /** After the analysis was stored DONE. */
        default void finished(long analysisId) {
        }
    }

    private volatile ProgressHook hook = ProgressHook.NONE;

    /** Sets the hook for the analyses claimed from now on; {@link ProgressHook#NONE} removes it. For tests. */
    void progressHook(ProgressHook hook) {
        this.hook = hook;
    }

    /** Looks for queued analyses at once (after a request of this instance). */
    void wake() {
        again.set(true);
        if (draining.compareAndSet(false, true)) {
            thread.execute(this::drain);
        }
    }

    @Scheduled(initialDelayString = "${cxrlt.robustness.poll-interval:30s}",
            fixedDelayString = "${cxrlt.robustness.poll-interval:30s}")
    void poll() {
        wake();
    }

    private void drain() {
        try {
            while (again.getAndSet(false)) {
                Claimed claimed;
                while ((claimed = claim()) != null) {
                    run(claimed);
                    again.set(true);
                }
            }
        } catch (RuntimeException e) {
            log.error("Could not look for queued robustness analyses; trying again at the next poll", e);
        } finally {
            draining.set(false);
            if (again.get() && draining.compareAndSet(false, true)) {
                thread.execute(this::drain);
            }
        }
    }

    private record Claimed(long id, long answerKeyId, long seed, int replicates, List<AnalysisView.EntryRef> entries,
                           int attempts) {
    }

    // The lease and the analysis's time stamps are the database's now(), not the Clock: every
    // instance claims from this table, and only a clock they share can tell whether another
    // instance's lease has run out, in the same statement that takes it over.
    private Claimed claim() {
        List<Claimed> claimed = jdbc.query("""
                update robustness_analysis set status = 'RUNNING', attempts = attempts + 1,
                       started_at = coalesce(started_at, now()), lease_expires_at = now() + ? * interval '1 millisecond'
                 where id = (select id from robustness_analysis
                              where status = 'QUEUED' or (status = 'RUNNING' and lease_expires_at < now())
                              order by requested_at, id limit 1 for update skip locked)
                returning id, answer_key_id, seed, replicates, entries::text, attempts
                """, (rs, row) -> new Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4),
                json.readValue(rs.getString(5), ENTRY_REFS), rs.getInt(6)), settings.lease().toMillis());
        return claimed.isEmpty() ? null : claimed.get(0);
    }

    private void run(Claimed claimed) {
        long started = System.nanoTime();
        try {
            AnswerKey key = inputs.answerKey(claimed.answerKeyId());
            List<RobustnessEntry> entries = new ArrayList<>();
            for (AnalysisView.EntryRef ref : claimed.entries()) {
                entries.add(new RobustnessEntry(ref.team(), () -> inputs.submission(ref.submissionId(), key)));
            }
            AtomicLong lastReport = new AtomicLong(System.nanoTime());
            ProgressHook observer = hook;
            RobustnessResult result = RankingRobustness.analyse(key, entries, claimed.replicates(), claimed.seed(),
                    settings.threadCount(), (done, total) -> {
                        if (observer.recordNow(claimed.id(), done, total)) {
                            report(claimed.id(), done);
                            observer.recorded(claimed.id(), done, total);
                            return;
                        }
                        long now = System.nanoTime();
                        long last = lastReport.get();
                        if (now - last >= PROGRESS_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
                            report(claimed.id(), done);
                        }
                    });
            jdbc.update("""
                    update robustness_analysis set status = 'DONE', result = ?::jsonb, progress_done = progress_total,
                           finished_at = now(), lease_expires_at = null where id = ? and status = 'RUNNING'
                    """, json.writeValueAsString(result), claimed.id());
            observer.finished(claimed.id());
            log.info("Robustness analysis {} done: {} entries, {} replicates, {} ms", claimed.id(),
                    claimed.entries().size(), claimed.replicates(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (RefusedEntriesException e) {
            List<String> reasons = new ArrayList<>();
            for (RefusedEntriesException.RefusedEntry refused : e.refused()) {
                reasons.add("the submission of " + refused.name() + ": " + String.join("; ", refused.refusal().describeAll()));
            }
            fail(claimed.id(), "Refused " + String.join(" | ", reasons));
        } catch (RefusedInputException e) {
            fail(claimed.id(), "Refused the answer key: " + String.join("; ", e.describeAll()));
        } catch (IOException | RuntimeException e) {
            log.error("Robustness analysis {} failed for an internal reason on attempt {}", claimed.id(),
                    claimed.attempts(), e);
            if (claimed.attempts() >= MAX_ATTEMPTS) {
                fail(claimed.id(), "It failed " + MAX_ATTEMPTS + " times for an internal reason (see the service log).");
            } else {
                jdbc.update("update robustness_analysis set status = 'QUEUED', lease_expires_at = null where id = ?",
                        claimed.id());
            }
        }
    }

    /** Progress, and a longer lease: the analysis is alive. */
    private void report(long id, long done) {
        try {
            jdbc.update("""
                    update robustness_analysis set progress_done = ?, lease_expires_at = now() + ? * interval '1 millisecond'
                     where id = ? and status = 'RUNNING'
                    """, done, settings.lease().toMillis(), id);
        } catch (RuntimeException e) {
            log.warn("Could not record the progress of robustness analysis {}", id, e);
        }
    }

    private void fail(long id, String reason) {
        jdbc.update("""
                update robustness_analysis set status = 'FAILED', error = ?, finished_at = now(), lease_expires_at = null
                 where id = ?
                """, reason, id);
        log.warn("Robustness analysis {} failed: {}", id, reason);
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
