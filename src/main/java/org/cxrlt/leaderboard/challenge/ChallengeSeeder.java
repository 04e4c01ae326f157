package org.cxrlt.leaderboard.challenge;

import java.time.Clock;
import java.time.Instant;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** On the first start with an empty database: the CXR-LT 2024 challenge as it ran. */
@Component
@Order(0)
class ChallengeSeeder implements ApplicationRunner {

    static final String SLUG = "cxr-lt-2024";

    /** The development phase opened on 2024-05-01 and, as is usual after a challenge, never closes. */
    static final Instant DEVELOPMENT_OPENS = Instant.parse("2024-05-01T00:00:00Z");
    /**
     * The test phase was announced for 2024-08-01 to 2024-08-04 and extended into September 2024;
     * the exact closing date is not among the published facts we keep, so 2024-09-15 stands for it.
     * Organizers correct it with PATCH .../phases/test.
     */
    static final Instant TEST_OPENS = Instant.parse("2024-08-01T00:00:00Z");
    static final Instant TEST_CLOSES = Instant.parse("2024-09-15T00:00:00Z");

    private static final long SEED_LOCK = 0x6378726c74L; // "cxrlt"

    private static final Logger log = LoggerFactory.getLogger(ChallengeSeeder.class);

    private final ChallengeRepository challenges;
    private final TaskRepository tasks;
    private final PhaseRepository phases;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    ChallengeSeeder(ChallengeRepository challenges, TaskRepository tasks, PhaseRepository phases,
                    TransactionTemplate transaction, JdbcTemplate jdbc, Clock clock) {
        this.challenges = challenges;
        this.tasks = tasks;
        this.phases = phases;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        transaction.executeWithoutResult(status -> {
            // Instances starting together on an empty database: one seeds, the others then see it.
            jdbc.queryForList("select pg_advisory_xact_lock(?)", SEED_LOCK);
            if (challenges.count() > 0) {
                return;
            }
            Challenge challenge = challenges.save(new Challenge(SLUG,
                    "CXR-LT 2024: long-tailed, multi-label and zero-shot classification of chest X-rays",
                    clock.instant()));
            seedTask(challenge, "task1", "Task 1: long-tailed classification, 40 labels");
            seedTask(challenge, "task2", "Task 2: gold-standard test set, 26 labels");
            seedTask(challenge, "task3", "Task 3: zero-shot classification, 5 unseen labels");
            log.info("Created the challenge {} with its tasks and phases", SLUG);
        });
    }

    private void seedTask(Challenge challenge, String slug, String title) {
        Task task = tasks.save(new Task(challenge, slug, title, CxrLt2024.labelsOf(slug)));
        phases.save(new Phase(task, "development", "Development", DEVELOPMENT_OPENS, null));
        phases.save(new Phase(task, "test", "Test", TEST_OPENS, TEST_CLOSES));
    }
}
