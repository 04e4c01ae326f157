package org.cxrlt.leaderboard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database lost while a submission is scored is not the submission's fault: the scoring
 * components here send their statements to PostgreSQL through a connection that the test cuts (as
 * a crash of the server looks to them) and then restores, while the test itself keeps its own.
 */
class LostDatabaseTests extends ServiceTests {

    @Autowired
    private ScoringWorkers applicationWorkers;
    @Autowired
    private WorkSignal signal;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private LeaderboardVersions leaderboards;
    @Autowired
    private ApplicationEventPublisher events;
    @Autowired
    private LocalCopies localCopies;
    @Autowired
    private AnswerKeyCache answerKeys;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void aSubmissionWhoseScoringLostTheDatabaseKeepsItsAttemptsAndIsScoredOnceItIsBack() throws Exception {
        SyntheticData task2 = AnswerKeysForTests.ensure(api(), jdbc, "task2");
        long phaseId = jdbc.queryForObject("select p.id from phase p join task t on t.id = p.task_id "
                + "where t.slug = 'task2' and p.slug = 'development'", Long.class);
        long teamId = jdbc.queryForObject("select id from team where name = ?", Long.class,
                api().approved("Lost database").team());
        long id = queued(phaseId, teamId, Api.predictions(task2, 0.7, 61));

        try (CuttableProxy proxy = new CuttableProxy(databasePort());
             HikariDataSource proxied = throughProxy(proxy)) {
            JdbcTemplate proxiedJdbc = new JdbcTemplate(proxied);
            // The application's transactions (what marking a submission scored joins), whose own
            // connections are not cut: the scoring components' statements go through the proxy,
            // each committed on its own.
            TransactionTemplate transaction = new TransactionTemplate(transactions);
            ScoringSettings settings = new ScoringSettings(1, Duration.ofMinutes(1), 3, Duration.ofMillis(200), 4,
                    Duration.ofSeconds(5));
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
            ScoringWorkers workers = new ScoringWorkers(queue, new SubmissionScorer(transaction, queue,
                    new ScoreStore(proxiedJdbc), answerKeys, losing, meters), signal, proxied, settings);
            applicationWorkers.stop();
            try {
                workers.start();
                signal.wake();
                assertThat(lost.await(60, TimeUnit.SECONDS)).as("the submission was claimed within 60 s").isTrue();
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
                assertThat(jdbc.queryForObject("select attempts from submission where id = ?", Integer.class, id))
                        .isEqualTo(1);
            } finally {
                workers.stop();
                applicationWorkers.start();
            }
        }
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

    private long queued(long phaseId, long teamId, byte[] csv) throws Exception {
        long id = jdbc.queryForObject("insert into submission (phase_id, team_id, status, file_size, submitted_at) "
                + "values (?, ?, 'CANCELLED', 1, ?) returning id", Long.class, phaseId, teamId,
                new Timestamp(0)); // first in the queue
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(csv);
        }
        jdbc.update("insert into submission_file (submission_id, compression, content) values (?, 'GZIP', ?)",
                id, gzipped.toByteArray());
        jdbc.update("update submission set status = 'QUEUED' where id = ?", id);
        return id;
    }

    private String statusOf(long id) {
        return jdbc.queryForObject("select status from submission where id = ?", String.class, id);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
