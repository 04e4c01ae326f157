package org.cxrlt.leaderboard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.cxrlt.leaderboard.challenge.LeaderboardVersions;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.CuttableProxy;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workers that cannot die silently, leases that a dead instance loses within seconds, and a lost
 * database that costs a submission none of its attempts. The tests that need a worker of their
 * own stop the application's workers meanwhile, so that the queue is theirs.
 */
class WorkerResilienceTests extends ServiceTests {

    @Autowired
    private SubmissionQueue queue;
    @Autowired
    private ScoringWorkers applicationWorkers;
    @Autowired
    private WorkSignal signal;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private TransactionTemplate transaction;
    @Autowired
    private ScoreStore scores;
    @Autowired
    private AnswerKeyCache answerKeys;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private LeaderboardVersions leaderboards;
    @Autowired
    private ApplicationEventPublisher events;
    @Autowired
    private LocalCopies localCopies;
    @Autowired
    private PlatformTransactionManager transactions;

    private SyntheticData task2;
    private long phaseId;
    private long teamId;

    @BeforeEach
    void phase() throws Exception {
        task2 = AnswerKeysForTests.ensure(api(), jdbc, "task2");
        phaseId = jdbc.queryForObject("select p.id from phase p join task t on t.id = p.task_id "
                + "where t.slug = 'task2' and p.slug = 'development'", Long.class);
        String team = api().approved("Workers").team();
        teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team);
    }

    @Test
    void aWorkerFedAFileThatThrowsAnErrorStaysAliveAndScoresTheNextOne() throws Exception {
        long poisoned = queued(Api.predictions(task2, 0.7, 51));
        long ordinary = queued(Api.predictions(task2, 0.7, 52));
        SubmissionScorer.SubmissionReader real = SubmissionScorer.streamed(jdbc, ReadLimits.DEFAULT);
        SubmissionScorer.SubmissionReader throwing = (id, key) -> {
            if (id == poisoned) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
            return real.read(id, key);
        };
        ScoringWorkers one = new ScoringWorkers(queue,
                new SubmissionScorer(transaction, queue, scores, answerKeys, throwing, meters), signal, dataSource,
                settings(1));
        applicationWorkers.stop();
        try {
            one.start();
            Thread worker = one.worker("scoring-1");
            signal.wake();

            await(() -> "SCORED".equals(statusOf(ordinary)) && "FAILED".equals(statusOf(poisoned)));

            assertThat(errors(poisoned)).containsExactly(SubmissionQueue.OUT_OF_MEMORY.formatted(3));
            assertThat(attempts(poisoned)).isEqualTo(3);
            assertThat(one.alive()).isEqualTo(1);
            assertThat(one.worker("scoring-1")).isSameAs(worker);
            assertThat(one.replaced()).isZero();
        } finally {
            one.stop();
            applicationWorkers.start();
        }
    }

    @Test
    void aWorkerThreadThatDiesIsReplacedAndHealthCountsTheLiveOnes() throws Exception {
        ScoringWorkers two = new ScoringWorkers(queue, applicationScorer(), signal, dataSource, settings(2));
        ScoringWorkersHealthIndicator health = new ScoringWorkersHealthIndicator(two);
        applicationWorkers.stop();
        try {
            two.start();
            Thread doomed = two.worker("scoring-2");
            doomed.interrupt(); // the loop ends: the thread dies as a thread hit by anything would
            doomed.join(10_000);
            assertThat(doomed.isAlive()).isFalse();

            await(() -> two.replaced() == 1 && two.alive() == 2);

            assertThat(two.worker("scoring-2")).isNotSameAs(doomed);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("alive", 2).containsEntry("configured", 2);
        } finally {
            two.stop();
            applicationWorkers.start();
        }
        // Stopped: none alive although two are configured, so the instance is not ready to score.
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void readinessAndPrometheusReportTheLiveWorkers() throws Exception {
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andExpect(content().string(containsString("cxrlt_scoring_workers_alive 2.0")))
                .andExpect(content().string(containsString("cxrlt_scoring_workers_configured 2.0")));
    }

    @Test
    void theHeartbeatRenewsTheLeasesOfItsInstanceOnly() {
        long mine = leased("instance-a/scoring-1", "now() + interval '2 seconds'");
        long theirs = leased("instance-b/scoring-1", "now() + interval '2 seconds'");

        int renewed = queue.renewLeases("instance-a");

        assertThat(renewed).isEqualTo(1);
        // Renewed for a whole lease (1 minute in these tests) from now.
        assertThat(secondsLeft(mine)).isBetween(50.0, 61.0);
        assertThat(secondsLeft(theirs)).isLessThan(3.0);
        jdbc.update("update submission set status = 'CANCELLED', lease_expires_at = null where id in (?, ?)",
                mine, theirs);
    }

    @Test
    void aClaimWhoseWorkerStoppedRenewingIsClaimedAgainOnceItsShortLeaseRunsOut() throws Exception {
        // Claimed by an instance that then died: nobody renews it, and its lease runs out in 3 s.
        long id = leased("dead-instance/scoring-1", "now() + interval '3 seconds'");
        storeFile(id, Api.predictions(task2, 0.7, 53));
        long claimedAt = System.nanoTime();

        await(() -> {
            signal.wake(); // instead of the 30 s poll these tests configure
            return "SCORED".equals(statusOf(id));
        });

        assertThat(attempts(id)).isEqualTo(2);
        // Claimed again by a live worker's poll; generous bound for a loaded machine.
        assertThat(Duration.ofNanos(System.nanoTime() - claimedAt)).isLessThan(Duration.ofSeconds(40));
    }

    /**
     * A database lost while a submission is scored is not the submission's fault. The scoring
     * components here send their statements to PostgreSQL through a connection that the test cuts
     * (as a crash of the server looks to them) and then restores; the test keeps its own.
     */
    @Test
    void aSubmissionWhoseScoringLostTheDatabaseKeepsItsAttemptsAndIsScoredOnceItIsBack() throws Exception {
        long id = queued(Api.predictions(task2, 0.7, 61));

        try (CuttableProxy proxy = new CuttableProxy(databasePort());
             HikariDataSource proxied = throughProxy(proxy)) {
            JdbcTemplate proxiedJdbc = new JdbcTemplate(proxied);
            // The application's transactions (what marking a submission scored joins), whose own
            // connections are not cut: the scoring components' statements go through the proxy,
            // each committed on its own.
            TransactionTemplate transaction = new TransactionTemplate(transactions);
            ScoringSettings settings = settings(1);
            SubmissionQueue queue = new SubmissionQueue(proxiedJdbc, transaction, settings, leaderboards, events,
                    localCopies, signal);
            // The database goes as the submission is being read: the read fails as a crash makes it fail.
            SubmissionScorer.SubmissionReader stored = SubmissionScorer.streamed(proxiedJdbc, ReadLimits.DEFAULT);
            AtomicBoolean cutOnce = new AtomicBoolean();
            CountDownLatch lost = new CountDownLatch(1);
            SubmissionScorer.SubmissionReader losing = (submissionId, key) -> {
                if (submissionId == id && cutOnce.compareAndSet(false, true)) {
                    proxy.cut();
                    lost.countDown();
                }
                return stored.read(submissionId, key);
            };
            ScoringWorkers one = new ScoringWorkers(queue, new SubmissionScorer(transaction, queue,
                    new ScoreStore(proxiedJdbc), answerKeys, losing, meters), signal, proxied, settings);
            applicationWorkers.stop();
            try {
                one.start();
                signal.wake();
                assertThat(lost.await(40, TimeUnit.SECONDS)).as("the submission was claimed within 40 s").isTrue();
                // Down for a while: the worker keeps trying to queue it again, and is turned away.
                await(() -> proxy.turnedAway() >= 3);
                assertThat(statusOf(id)).isEqualTo("SCORING");

                proxy.restore();

                // Its scores too: the scoring components' statements commit one by one here.
                await(() -> {
                    signal.wake(); // instead of the poll
                    return "SCORED".equals(statusOf(id)) && jdbc.queryForObject(
                            "select count(*) from score where submission_id = ?", Long.class, id) == 1;
                });
                // Claimed twice, counted once: the claim that met the lost database was not an attempt.
                assertThat(attempts(id)).isEqualTo(1);
            } finally {
                one.stop();
                applicationWorkers.start();
            }
        }
    }

    @Test
    void theHeartbeatRenewsThreeTimesPerLease() {
        ScoringSettings thirtySeconds = new ScoringSettings(null, Duration.ofSeconds(30), 3, Duration.ofSeconds(30), 4,
                Duration.ofSeconds(20));
        assertThat(thirtySeconds.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    }

    private SubmissionScorer applicationScorer() {
        return new SubmissionScorer(transaction, queue, scores, answerKeys,
                SubmissionScorer.streamed(jdbc, ReadLimits.DEFAULT), meters);
    }

    private int databasePort() throws Exception {
        Matcher port = Pattern.compile("//[^:/]+:(\\d+)/").matcher(dataSource.unwrap(HikariDataSource.class)
                .getJdbcUrl());
        assertThat(port.find()).as("the tests' database URL names its port").isTrue();
        return Integer.parseInt(port.group(1));
    }

    private HikariDataSource throughProxy(CuttableProxy proxy) throws Exception {
        HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
        HikariDataSource proxied = new HikariDataSource();
        proxied.setJdbcUrl(main.getJdbcUrl().replaceFirst("//([^:/]+):\\d+/", "//$1:" + proxy.port() + "/"));
        proxied.setUsername(main.getUsername());
        proxied.setPassword(main.getPassword());
        proxied.setMaximumPoolSize(3);
        proxied.setConnectionTimeout(1_000);
        proxied.setValidationTimeout(500);
        return proxied;
    }

    private static ScoringSettings settings(int workers) {
        return new ScoringSettings(workers, Duration.ofMinutes(1), 3, Duration.ofMillis(200), 4, Duration.ofSeconds(5));
    }

    private long queued(byte[] csv) throws Exception {
        long id = jdbc.queryForObject("insert into submission (phase_id, team_id, status, file_size, submitted_at) "
                + "values (?, ?, 'CANCELLED', 1, ?) returning id", Long.class, phaseId, teamId,
                new Timestamp(0)); // first in the queue
        storeFile(id, csv);
        jdbc.update("update submission set status = 'QUEUED' where id = ?", id);
        return id;
    }

    private long leased(String worker, String expiresAt) {
        return jdbc.queryForObject("insert into submission (phase_id, team_id, status, file_size, attempts, "
                + "lease_expires_at, leased_by) values (?, ?, 'SCORING', 1, 1, " + expiresAt + ", ?) returning id",
                Long.class, phaseId, teamId, worker);
    }

    private double secondsLeft(long id) {
        return jdbc.queryForObject("select extract(epoch from lease_expires_at - now()) from submission where id = ?",
                Double.class, id);
    }

    private void storeFile(long id, byte[] csv) throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(csv);
        }
        jdbc.update("insert into submission_file (submission_id, compression, content) values (?, 'GZIP', ?)",
                id, gzipped.toByteArray());
    }

    private String statusOf(long id) {
        return jdbc.queryForObject("select status from submission where id = ?", String.class, id);
    }

    private int attempts(long id) {
        return jdbc.queryForObject("select attempts from submission where id = ?", Integer.class, id);
    }

    private java.util.List<String> errors(long id) {
        return jdbc.queryForList("select unnest(errors) from submission where id = ?", String.class, id);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 40 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

}
