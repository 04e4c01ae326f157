package org.cxrlt.leaderboard.scoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's scoring threads; one thread that LISTENs on a dedicated connection so that a
 * new submission wakes them at once (a slow poll covers a lost notification or connection); and
 * a supervisor that renews the leases of the submissions being scored (the heartbeat: a lease
 * of a dead instance runs out within {@link ScoringSettings#lease()}) and replaces a worker
 * thread that died.
 */
@Component
class ScoringWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScoringWorkers.class);

    private final SubmissionQueue queue;
    private final SubmissionScorer scorer;
    private final WorkSignal signal;
    private final DataSource dataSource;
    private final ScoringSettings settings;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    /** Worker name to its thread; a dead one is replaced under the same name. */
    private final Map<String, Thread> workers = new ConcurrentHashMap<>();
    /** Worker name to the claim it is scoring. */
    private final Map<String, Claim> scoring = new ConcurrentHashMap<>();
    private final AtomicLong replaced = new AtomicLong();
    private Thread listener;
    private Thread supervisor;
    private volatile boolean running;

    /** This instance's kept uploads, swept every heartbeat and deleted when stopping; null: none. */
    private final LocalCopies localCopies;

    @Autowired
    ScoringWorkers(SubmissionQueue queue, SubmissionScorer scorer, WorkSignal signal, DataSource dataSource,
                   ScoringSettings settings, MeterRegistry meters, LocalCopies localCopies) {
        this(queue, scorer, signal, dataSource, settings, localCopies);
        Gauge.builder("cxrlt.scoring.local-copies", localCopies, LocalCopies::count)
                .description("Uploads kept on this instance's disk for its workers, not yet read")
                .register(meters);
        Gauge.builder("cxrlt.scoring.local-copies.bytes", localCopies, LocalCopies::bytes)
                .description("Bytes on disk of the uploads kept for this instance's workers")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("cxrlt.scoring.workers.alive", this, ScoringWorkers::alive)
                .description("Scoring threads of this instance that are alive")
                .register(meters);
        Gauge.builder("cxrlt.scoring.workers.configured", this, workers -> settings.workerCount())
                .description("Scoring threads this instance is configured to run")
                .register(meters);
    }

    ScoringWorkers(SubmissionQueue queue, SubmissionScorer scorer, WorkSignal signal, DataSource dataSource,
                   ScoringSettings settings) {
        this(queue, scorer, signal, dataSource, settings, null);
    }

    private ScoringWorkers(SubmissionQueue queue, SubmissionScorer scorer, WorkSignal signal, DataSource dataSource,
                           ScoringSettings settings, LocalCopies localCopies) {
        this.localCopies = localCopies;
        this.queue = queue;
        this.scorer = scorer;
        this.signal = signal;
        this.dataSource = dataSource;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        int count = settings.workerCount();
        running = true;
        if (count == 0) {
            log.info("No scoring workers in this instance (cxrlt.scoring.workers=0)");
            return;
        }
        for (int i = 1; i <= count; i++) {
            startWorker("scoring-" + i);
        }
        listener = startThread("scoring-listener", this::listen);
        supervisor = startThread("scoring-supervisor", this::supervise);
        log.info("Started {} scoring workers (instance {}, lease {}, renewed every {})", count, instance,
                settings.lease(), settings.heartbeat());
    }

    /**
     * Idle workers stop at once; one in the middle of a submission may finish it within
     * {@link ScoringSettings#shutdownWait()}, so that its result is kept; a submission still
     * being scored after that is queued again at once rather than left to its lease.
     */
    @Override
    public synchronized void stop() {
        running = false;
        signal.wake();
        long deadline = System.nanoTime() + settings.shutdownWait().toNanos();
        for (Thread thread : workers.values()) {
            join(thread, deadline);
        }
        scoring.forEach((name, claim) -> {
            try {
                queue.giveBack(claim);
                log.info("Stopping: submission {} queued again unscored", claim.submissionId());
            } catch (RuntimeException e) {
                log.warn("Stopping: could not queue submission {} again; its lease will expire",
                        claim.submissionId(), e);
            }
        });
        for (Thread thread : workers.values()) {
            thread.interrupt();
        }
        for (Thread thread : new Thread[] {listener, supervisor}) {
            if (thread != null) {
                thread.interrupt();
                join(thread, System.nanoTime() + 5_000_000_000L);
            }
        }
        workers.clear();
        scoring.clear();
        if (localCopies != null) {
            localCopies.deleteAll();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Worker threads alive now. */
    int alive() {
        return (int) workers.values().stream().filter(Thread::isAlive).count();
    }

    /** Worker threads this instance should have. */
    int configured() {
        return settings.workerCount();
    }

    /** Worker threads that died and were started again since this instance started. */
    long replaced() {
        return replaced.get();
    }

    /** The thread of a worker ({@code scoring-1} ...), or null. */
    Thread worker(String name) {
        return workers.get(name);
    }

    /** The health indicator's details. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alive", alive());
        details.put("configured", configured());
        details.put("scoring", scoring.size());
        details.put("replaced", replaced());
        return details;
    }

    private void startWorker(String name) {
        workers.put(name, startThread(name, () -> work(instance + "/" + name)));
    }

    private void work(String worker) {
        java.time.Duration idleWait = settings.pollInterval().compareTo(settings.heartbeat()) < 0
                ? settings.pollInterval() : settings.heartbeat();
        while (running) {
            try {
                long seen = signal.generation();
                Optional<Claim> claim = queue.claim(worker);
                if (claim.isPresent()) {
                    scoring.put(worker, claim.get());
                    try {
                        scorer.score(claim.get()); // records every outcome itself
                    } finally {
                        scoring.remove(worker);
                    }
                } else {
                    // Woken by a notification; else polls, at least once per heartbeat so that
                    // a dead instance's claim is taken soon after its lease runs out.
                    signal.awaitChange(seen, idleWait);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                // Claiming failed (the database is unreachable), or worse: wait, and go on.
                if (!running) {
                    return;
                }
                log.warn("Scoring worker {} could not reach the queue; trying again in a second", worker, e);
                if (!pause(1_000)) {
                    return;
                }
            }
        }
    }

    /** Renews this instance's leases every heartbeat; replaces dead workers within a second. */
    private void supervise() {
        long nextRenewal = System.nanoTime() + settings.heartbeat().toNanos();
        while (running) {
            if (!pause(1_000) || !running) {
                return;
            }
            if (System.nanoTime() - nextRenewal >= 0) {
                nextRenewal = System.nanoTime() + settings.heartbeat().toNanos();
                try {
                    if (!scoring.isEmpty()) {
                        queue.renewLeases(instance);
                    }
                } catch (Throwable e) {
                    log.warn("Could not renew the leases of the submissions being scored", e);
                }
                try {
                    if (localCopies != null) {
                        localCopies.dropThoseNoLongerQueued();
                    }
                } catch (Throwable e) {
                    log.warn("Could not check which kept uploads are still queued", e);
                }
            }
            replaceDeadWorkers();
        }
    }

    synchronized void replaceDeadWorkers() {
        if (!running) {
            return;
        }
        workers.forEach((name, thread) -> {
            if (!thread.isAlive()) {
                Claim held = scoring.remove(name);
                if (held != null) {
                    try {
                        queue.release(held, false);
                    } catch (RuntimeException e) {
                        log.warn("Could not release submission {}; its lease will expire", held.submissionId(), e);
                    }
                }
                log.error("Scoring worker {} had died; starting it again", name);
                replaced.incrementAndGet();
                startWorker(name);
            }
        });
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + SubmissionQueue.CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                signal.wake(); // whatever was queued while nobody listened
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1_000);
                    if (notifications != null && notifications.length > 0) {
                        signal.wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Lost the connection listening for new submissions; reconnecting in 5 s "
                        + "(workers still poll every {})", settings.pollInterval(), e);
                if (!pause(5_000)) {
                    return;
                }
            }
        }
    }

    private static Thread startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> log.error("Thread {} died", t.getName(), e));
        thread.start();
        return thread;
    }

    private static void join(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
