package org.cxrlt.leaderboard.participant;

/**
 * Who is making a request, as the bearer token says: an organizer, or a participant of a team.
 * The principal of every authenticated request.
 */
public record Caller(Long participantId, Long teamId, String team, ParticipantStatus status,
                     String rejectionReason, boolean organizer) {

    static Caller ofOrganizer() {
        return new Caller(null, null, null, null, null, true);
    }
}
