package org.cxrlt.leaderboard.challenge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start with an empty database: the CXR-LT 2024 challenge as it ran, from its
 * definition {@value #DEFINITION} (labels in column order with their training counts, the group
 * rule, the id column), the same JSON an organizer would PUT.
 */
@Component
@Order(0)
class ChallengeSeeder implements ApplicationRunner {

    static final String SLUG = "cxr-lt-2024";
    static final String DEFINITION = "org/cxrlt/leaderboard/definitions/cxr-lt-2024.json";

    // In the definition: the development phase opened on 2024-05-01 and, as is usual after a
    // challenge, never closes. The test phase was announced for 2024-08-01 to 2024-08-04 and
    // extended into September 2024; the exact closing date is not among the published facts we
    // keep, so 2024-09-15 stands for it. Organizers correct it with PATCH .../phases/test.

    private static final long SEED_LOCK = 0x6378726c74L; // "cxrlt"

    private static final Logger log = LoggerFactory.getLogger(ChallengeSeeder.class);

    private final ChallengeRepository challenges;
    private final TaskRepository tasks;
    private final PhaseRepository phases;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final JsonMapper json;

    ChallengeSeeder(ChallengeRepository challenges, TaskRepository tasks, PhaseRepository phases,
                    TransactionTemplate transaction, JdbcTemplate jdbc, Clock clock, JsonMapper json) {
        this.json = json;
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
            ChallengeDefinition definition = definition(json);
            ChallengeDefinitions.check(SLUG, definition);
            Challenge challenge = new Challenge(SLUG, definition.title(), clock.instant());
            challenge.applyTerms(definition);
            challenges.save(challenge);
            for (ChallengeDefinition.TaskDefinition task : definition.tasks()) {
                seedTask(challenge, task);
            }
            log.info("Created the challenge {} with its tasks and phases", SLUG);
        });
    }

    private void seedTask(Challenge challenge, ChallengeDefinition.TaskDefinition definition) {
        Task task = tasks.save(new Task(challenge, definition.slug(), definition.title(), definition.labels()));
        for (ChallengeDefinition.PhaseDefinition phase : definition.phases()) {
            phases.save(new Phase(task, phase.slug(), phase.title(), phase.opensAt(), phase.closesAt()));
        }
    }

    /** CXR-LT 2024's definition, from the resource the command line reads too. */
    static ChallengeDefinition definition(JsonMapper json) {
        try (InputStream in = ChallengeSeeder.class.getClassLoader().getResourceAsStream(DEFINITION)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + DEFINITION + " is missing from the class path");
            }
            return json.readValue(in, ChallengeDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
