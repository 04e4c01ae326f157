package org.cxrlt.leaderboard.scoring;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's scoring threads, and one thread that LISTENs on a dedicated connection so that
 * a new submission wakes them at once; a slow poll covers a lost notification or connection.
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
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    ScoringWorkers(SubmissionQueue queue, SubmissionScorer scorer, WorkSignal signal, DataSource dataSource,
                   ScoringSettings settings) {
        this.queue = queue;
        this.scorer = scorer;
        this.signal = signal;
        this.dataSource = dataSource;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        int workers = settings.workerCount();
        running = true;
        if (workers == 0) {
            log.info("No scoring workers in this instance (cxrlt.scoring.workers=0)");
            return;
        }
        for (int i = 1; i <= workers; i++) {
            String name = "scoring-" + i;
            threads.add(startThread(name, () -> work(instance + "/" + name)));
        }
        threads.add(startThread("scoring-listener", this::listen));
        log.info("Started {} scoring workers", workers);
    }

    /**
     * Idle workers stop at once; one in the middle of a submission finishes it first (a few
     * seconds at most), so that its result is kept rather than left to an expiring lease.
     */
    @Override
    public synchronized void stop() {
        running = false;
        signal.wake();
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work(String worker) {
        while (running) {
            try {
                long seen = signal.generation();
                var claim = queue.claim(worker);
                if (claim.isPresent()) {
                    scorer.score(claim.get());
                } else {
                    signal.awaitChange(seen, settings.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
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
        thread.start();
        return thread;
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
