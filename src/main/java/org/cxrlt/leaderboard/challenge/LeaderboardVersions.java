package org.cxrlt.leaderboard.challenge;

import org.cxrlt.leaderboard.system.PreparedResponses;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that says a phase's leaderboard changed: it bumps the phase's
 * {@code leaderboard_version.version} (what prepared leaderboards and their ETags are keyed on) and
 * sets its {@code updated_at}. Called in the transaction that makes the change (a
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
        // A row of its own, not the phase's: uploads hold the phase row FOR SHARE while they store
        // their files, and a score would wait for them all (V23).
        jdbc.update("insert into leaderboard_version (phase_id, version, updated_at) values (?, 1, now()) "
                + "on conflict (phase_id) do update set version = leaderboard_version.version + 1, updated_at = now()",
                phaseId);
    }
}
