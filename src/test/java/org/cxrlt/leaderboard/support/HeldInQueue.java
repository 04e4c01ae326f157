package org.cxrlt.leaderboard.support;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A QUEUED submission (without a file) the scoring workers leave alone: a KEY SHARE row lock held
 * open makes their {@code FOR UPDATE SKIP LOCKED} claim skip it, while a cancel's plain UPDATE
 * still goes through. Closing takes it out of the queue and lets go of the lock.
 */
public record HeldInQueue(long id, Connection connection, JdbcTemplate jdbc) implements AutoCloseable {

    public static HeldInQueue hold(JdbcTemplate jdbc, DataSource dataSource, Arena arena, Api.Participant team)
            throws Exception {
        // Inserted CANCELLED, and made QUEUED only once locked, so that no worker can claim it in between.
        Long id = jdbc.queryForObject("""
                insert into submission (phase_id, team_id, participant_id, status, file_size)
                select p.id, e.team_id, e.participant_id, 'CANCELLED', 1
                  from phase p join task t on t.id = p.task_id join challenge c on c.id = t.challenge_id
                  join enrolment e on e.challenge_id = c.id
                 where c.slug = ? and e.participant_id = ?
                returning id
                """, Long.class, arena.slug, team.id());
        // A connection of its own, outside the service's pool: a test may hold several at once, and
        // the pool (10 in the tests, two of them taken by the listeners) must stay the service's.
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("select 1 from submission where id = ? for key share")) {
            lock.setLong(1, id);
            lock.executeQuery().close();
        }
        jdbc.update("update submission set status = 'QUEUED' where id = ?", id);
        return new HeldInQueue(id, connection, jdbc);
    }

    @Override
    public void close() throws Exception {
        jdbc.update("update submission set status = 'CANCELLED' where id = ? and status = 'QUEUED'", id);
        connection.rollback();
        connection.close();
    }
}
