package org.cxrlt.leaderboard.challenge;

import org.cxrlt.leaderboard.system.PreparedResponses;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that says a phase's leaderboard changed: it bumps {@code phase.leaderboard_version}
 * (what cached leaderboards and their ETags are keyed on) and sets
 * {@code phase.leaderboard_updated_at}. Called in the transaction that makes the change (a
 * submission scored, chosen, disqualified or sent for rescoring; an answer key loaded or
 * activated), so that the new version is seen exactly when the change is.
 */
@Component
public class LeaderboardVersions {

    private final JdbcTemplate jdbc;
    private final PreparedResponses responses;

    LeaderboardVersions(JdbcTemplate jdbc, PreparedResponses responses) {
        this.jdbc = jdbc;
        this.responses = responses;
    }

    /** The leaderboard of phase {@code phaseId} is stale from the commit of the surrounding transaction on. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void invalidate(long phaseId) {
        // now(): the surrounding transaction's start, the time of the change it makes (a score's
        // scored_at is now() too), rather than a later reading of the clock.
        // the prepared public responses are not served from here to just after the commit
        responses.changingInTransaction();
        jdbc.update("update phase set leaderboard_version = leaderboard_version + 1, leaderboard_updated_at = now() "
                + "where id = ?", phaseId);
    }
}
