package org.cxrlt.leaderboard.participant;

import org.cxrlt.leaderboard.system.TokenHolder;

/**
 * Who is making a request, as the bearer token says: an organizer, or a participant of a team.
 * The principal of every authenticated request.
 *
 * @param teamId      the team it is a member of; null for an organizer, and for a participant whose
 *                    join request is pending or who was removed from its team
 * @param pendingTeam the team it asked to join while the request is pending, else null
 */
public record Caller(Long participantId, Long teamId, String team, ParticipantStatus status,
                     String rejectionReason, boolean organizer, String pendingTeam) implements TokenHolder {

    @Override
    public String auditActor() {
        return participantId == null ? null : "participant:" + participantId;
    }

    static Caller ofOrganizer() {
        return new Caller(null, null, null, null, null, true, null);
    }
}
