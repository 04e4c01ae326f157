package org.cxrlt.leaderboard.participant;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The one check of which challenges an organizer may act on: the platform administrator on every
 * one, an organizer account on those assigned to it. Applied to every {@code /api/v1/admin}
 * request by the web edge (the path's {@code {challenge}}, or the challenge of the submission a
 * path names); call it from a service for anything else that names a challenge's thing by id.
 * Refusals are {@link ParticipantException#notAllowed} (403) whose message says why.
 * <p>
 * No method opens a transaction: each reads at most one row, and {@link #organizes} runs on every
 * public leaderboard read, where an anonymous caller must cost no database work at all (a
 * read-only JPA transaction per request took a pooled connection and measurable CPU).
 */
@Service
public class ChallengeAccess {

    private final JdbcTemplate jdbc;

    ChallengeAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the caller may act as an organizer on the challenge (by slug); false for participants. */
    public boolean organizes(Caller caller, String challenge) {
        if (caller == null || caller.staff() == null) {
            return false;
        }
        if (caller.administrator()) {
            return true;
        }
        return challengeId(challenge).map(caller::organizes).orElse(false);
    }

    /**
     * Refuses (403) an organizer who does not organize the challenge; 404 when there is no such
     * challenge (for the administrator too, where the endpoint would say so itself).
     */
    public void requireOrganizer(Caller caller, String challenge) {
        requireStaff(caller);
        if (caller.administrator()) {
            return;
        }
        long id = challengeId(challenge).orElseThrow(() -> ParticipantException.notFound("No challenge '" + challenge + "'."));
        if (!caller.organizes(id)) {
            throw ParticipantException.notAllowed(notYours(caller, "challenge '" + challenge + "'"));
        }
    }

    /**
     * Refuses (403) an organizer who does not organize the challenge of the submission; an unknown
     * submission passes, for the endpoint to answer 404.
     */
    public void requireOrganizerOfSubmission(Caller caller, long submissionId) {
        requireStaff(caller);
        if (caller.administrator()) {
            return;
        }
        List<Long> found = jdbc.queryForList("select t.challenge_id from submission s join phase p on p.id = s.phase_id "
                + "join task t on t.id = p.task_id where s.id = ?", Long.class, submissionId);
        if (!found.isEmpty() && !caller.organizes(found.get(0))) {
            throw ParticipantException.notAllowed(notYours(caller, "submission " + submissionId + "'s challenge"));
        }
    }

    /** Refuses (403) anyone but the platform administrator; {@code what} completes "Only the platform administrator ...". */
    public void requireAdministrator(Caller caller, String what) {
        if (caller == null || !caller.administrator()) {
            throw ParticipantException.notAllowed("Only the platform administrator " + what + ".");
        }
    }

    /** The challenge's id, if there is one by that slug. */
    public Optional<Long> challengeId(String challenge) {
        return jdbc.queryForList("select id from challenge where slug = ?", Long.class, challenge).stream().findFirst();
    }

    private static void requireStaff(Caller caller) {
        if (caller == null || caller.staff() == null) {
            throw ParticipantException.notAllowed("Only organizers may do this.");
        }
    }

    private static String notYours(Caller caller, String what) {
        return "Organizer " + caller.staff().id() + " (" + caller.staff().name() + ") does not organize " + what
                + ": an organizer acts only on the challenges the administrator assigned to them.";
    }
}
