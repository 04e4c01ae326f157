package org.cxrlt.leaderboard.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A challenge of its own for a test that changes what others rely on (answer keys, phases),
 * written straight into the database: one task {@code staged} with the given labels, a
 * {@code development} phase open since 2024 and never closing, and a {@code test} phase.
 */
public record Stage(String challenge, long taskId, long developmentId, long testId) {

    public static Stage create(JdbcTemplate jdbc, List<String> labels, Instant testOpensAt, Instant testClosesAt) {
        String slug = "stage-" + UUID.randomUUID().toString().substring(0, 8);
        Long challengeId = jdbc.queryForObject("insert into challenge (slug, title) values (?, ?) returning id",
                Long.class, slug, "Stage " + slug);
        Long taskId = jdbc.queryForObject("insert into task (challenge_id, slug, title) values (?, 'staged', 'Staged task') "
                + "returning id", Long.class, challengeId);
        for (int i = 0; i < labels.size(); i++) {
            jdbc.update("insert into task_label (task_id, position, label) values (?, ?, ?)", taskId, i, labels.get(i));
        }
        Long development = jdbc.queryForObject("insert into phase (task_id, slug, title, opens_at) "
                + "values (?, 'development', 'Development', '2024-05-01T00:00:00Z') returning id", Long.class, taskId);
        Long test = jdbc.queryForObject("insert into phase (task_id, slug, title, opens_at, closes_at) "
                + "values (?, 'test', 'Test', ?, ?) returning id", Long.class, taskId, Timestamp.from(testOpensAt),
                testClosesAt == null ? null : Timestamp.from(testClosesAt));
        return new Stage(slug, taskId, development, test);
    }

    /** The public path of a phase: {@code /api/v1/challenges/<slug>/tasks/staged/phases/<phase>}. */
    public String path(String phase) {
        return "/api/v1/challenges/" + challenge + "/tasks/staged/phases/" + phase;
    }

    /** The organizers' path of a phase. */
    public String admin(String phase) {
        return "/api/v1/admin/challenges/" + challenge + "/tasks/staged/phases/" + phase;
    }
}
