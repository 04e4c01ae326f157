package org.cxrlt.leaderboard.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.cxrlt.leaderboard.support.FreshDatabase;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V16 and V17 on a database as the service left it before enrolments (migrated to V14): every
 * participant becomes an account with an enrolment in cxr-lt-2024 carrying its team, join
 * request, status, reason and times; every team belongs to cxr-lt-2024; nothing is lost.
 */
class EnrolmentMigrationTests extends ServiceTests {

    private static final Instant REGISTERED = Instant.parse("2024-06-01T10:00:00Z");
    private static final Instant DECIDED = Instant.parse("2024-06-02T10:00:00Z");

    @Autowired
    private DataSource dataSource;

    @Test
    void participantsAndTeamsBecomeEnrolmentsInCxrLt2024() throws Exception {
        FreshDatabase.use(dataSource, "enrolment_migration", db -> {
            FreshDatabase.migrate(db, "14");
            JdbcTemplate sql = new JdbcTemplate(db);
            long challenge = id(sql, "insert into challenge (slug, title) values ('cxr-lt-2024', 'CXR-LT 2024') returning id");
            long other = id(sql, "insert into challenge (slug, title) values ('other', 'Other') returning id");
            long task = id(sql, "insert into task (challenge_id, slug, title) values (" + challenge + ", 'task1', 'T') returning id");
            long phase = id(sql, "insert into phase (task_id, slug, title, opens_at) values (" + task
                    + ", 'development', 'D', now()) returning id");
            long alpha = id(sql, "insert into team (name, name_key) values ('Alpha', 'ALPHA') returning id");
            long beta = id(sql, "insert into team (name, name_key) values ('Beta', 'BETA') returning id");
            long owner = participant(sql, "Owner", alpha, null, "APPROVED", null, DECIDED);
            long joiner = participant(sql, "Joiner", null, alpha, "PENDING", null, null);
            long rejected = participant(sql, "Rejected", beta, null, "REJECTED", "no credential", DECIDED);
            long removed = participant(sql, "Removed", null, null, "APPROVED", null, DECIDED);
            sql.update("update team set owner_id = ? where id = ?", owner, alpha);
            sql.update("update team set owner_id = ? where id = ?", rejected, beta);
            long submission = id(sql, "insert into submission (phase_id, team_id, participant_id, status, file_size) "
                    + "values (" + phase + ", " + alpha + ", " + owner + ", 'SCORED', 10) returning id");
            sql.update("insert into team_selection (phase_id, team_id, submission_id) values (?, ?, ?)", phase, alpha,
                    submission);

            FreshDatabase.migrate(db, "latest");

            List<Map<String, Object>> enrolments = sql.queryForList("""
                    select participant_id, challenge_id, team_id, requested_team_id, requested_at is not null as requested,
                           status, reason, enrolled_at, decided_at from enrolment order by participant_id""");
            assertThat(enrolments).hasSize(4);
            assertThat(enrolments).allSatisfy(e -> {
                assertThat(e.get("challenge_id")).isEqualTo(challenge);
                assertThat(((Timestamp) e.get("enrolled_at")).toInstant()).isEqualTo(REGISTERED);
            });
            assertThat(row(enrolments, owner)).containsEntry("team_id", alpha).containsEntry("status", "APPROVED")
                    .containsEntry("requested_team_id", null);
            assertThat(((Timestamp) row(enrolments, owner).get("decided_at")).toInstant()).isEqualTo(DECIDED);
            assertThat(row(enrolments, joiner)).containsEntry("team_id", null).containsEntry("requested_team_id", alpha)
                    .containsEntry("requested", true).containsEntry("status", "PENDING")
                    .containsEntry("decided_at", null);
            assertThat(row(enrolments, rejected)).containsEntry("team_id", beta).containsEntry("status", "REJECTED")
                    .containsEntry("reason", "no credential");
            assertThat(row(enrolments, removed)).containsEntry("team_id", null).containsEntry("requested_team_id", null)
                    .containsEntry("status", "APPROVED");

            assertThat(sql.queryForList("select distinct challenge_id from team", Long.class)).containsExactly(challenge);
            assertThat(sql.queryForObject("select owner_id from team where id = ?", Long.class, alpha)).isEqualTo(owner);
            assertThat(sql.queryForList("select name, email, affiliation from participant order by id"))
                    .extracting(p -> p.get("name")).containsExactly("Owner", "Joiner", "Rejected", "Removed");
            assertThat(sql.queryForObject("select count(*) from participant where token_hash = ?", Integer.class,
                    (Object) ("token-Owner").getBytes())).isEqualTo(1);
            assertThat(sql.queryForObject("select count(*) from information_schema.columns where table_name = "
                    + "'participant' and column_name in ('team_id', 'status', 'rejection_reason')", Integer.class))
                    .as("the account keeps no team or status of its own").isZero();
            assertThat(sql.queryForObject("select submission_id from team_selection where team_id = ?", Long.class,
                    alpha)).isEqualTo(submission);
            assertThat(sql.queryForObject("select team_id from submission where id = ?", Long.class, submission))
                    .isEqualTo(alpha);
            // team names are unique per challenge now
            sql.update("insert into team (challenge_id, name, name_key) values (?, 'Alpha', 'ALPHA')", other);
            assertThatThrownBy(() -> sql.update(
                    "insert into team (challenge_id, name, name_key) values (?, 'alpha', 'ALPHA')", challenge))
                    .hasMessageContaining("team_name_key_unique");
        });
    }

    @Test
    void participantsWithoutTheChallengeToEnrolThemInStopTheMigration() throws Exception {
        FreshDatabase.use(dataSource, "enrolment_migration", db -> {
            FreshDatabase.migrate(db, "14");
            JdbcTemplate sql = new JdbcTemplate(db);
            long team = id(sql, "insert into team (name, name_key) values ('Lonely', 'LONELY') returning id");
            participant(sql, "Lonely", team, null, "PENDING", null, null);
            assertThatThrownBy(() -> FreshDatabase.migrate(db, "latest"))
                    .hasStackTraceContaining("V16: there are teams or participants but no challenge cxr-lt-2024 to "
                            + "enrol them in");
        });
    }

    private static long participant(JdbcTemplate sql, String name, Long team, Long requested, String status,
                                    String reason, Instant decided) {
        return id(sql, "insert into participant (name, email, affiliation, team_id, requested_team_id, requested_at, "
                        + "status, rejection_reason, token_hash, registered_at, decided_at) values (?, ?, 'Lab', ?, ?, "
                        + "case when ? then now() end, ?, ?, ?, ?, ?) returning id",
                name, name.toLowerCase() + "@example.org", team, requested, requested != null, status, reason,
                ("token-" + name).getBytes(), Timestamp.from(REGISTERED), decided == null ? null : Timestamp.from(decided));
    }

    private static long id(JdbcTemplate sql, String statement, Object... args) {
        Long id = sql.queryForObject(statement, Long.class, args);
        return id;
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, long participant) {
        return rows.stream().filter(r -> r.get("participant_id").equals(participant)).findFirst().orElseThrow();
    }
}
