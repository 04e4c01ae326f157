package org.cxrlt.leaderboard.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A score's new leaderboard version does not wait for the uploads being stored in its phase:
 * each holds the phase row FOR SHARE until it commits (so that closing or pausing the phase waits
 * for it), and the version lives in a row of its own (V23).
 */
class LeaderboardVersionLockTests extends ServiceTests {

    @Autowired
    LeaderboardVersions versions;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DataSource dataSource;

    @Test
    void aNewVersionIsTakenWhileAnUploadHoldsThePhaseAndAPhaseChangeStillWaitsForIt() throws Exception {
        long phaseId = jdbc.queryForObject("select p.id from phase p join task t on t.id = p.task_id "
                + "join challenge c on c.id = t.challenge_id where c.slug = 'cxr-lt-2024' and t.slug = 'task2' "
                + "and p.slug = 'development'", Long.class);
        long before = version(phaseId);
        // A connection of its own, outside the service's pool, holding the phase as an upload does.
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        try (Connection upload = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())) {
            upload.setAutoCommit(false);
            try (PreparedStatement share = upload.prepareStatement("select 1 from phase where id = ? for share")) {
                share.setLong(1, phaseId);
                share.executeQuery().close();
            }
            // Waiting at all would fail at the lock timeout rather than hang the test.
            transaction.executeWithoutResult(status -> {
                jdbc.execute("set local lock_timeout = '10s'");
                versions.invalidate(phaseId);
            });
            assertThat(version(phaseId)).isEqualTo(before + 1);

            // What the share lock is for still holds: a change of the phase itself waits for the upload.
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                jdbc.execute("set local lock_timeout = '100ms'");
                jdbc.update("update phase set paused = paused where id = ?", phaseId);
            })).isInstanceOf(DataAccessException.class).hasMessageContaining("lock timeout");
            upload.rollback();
        }
    }

    private long version(long phaseId) {
        return jdbc.queryForList("select version from leaderboard_version where phase_id = ?", Long.class, phaseId)
                .stream().findFirst().orElse(0L);
    }
}
