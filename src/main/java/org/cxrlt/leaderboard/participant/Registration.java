package org.cxrlt.leaderboard.participant;

/**
 * The answer to a registration: the token is shown here once and never again.
 *
 * @param requestedTeam the existing team it asked to join (its owner or an organizer decides), or
 *                      null when the registration created the team
 */
public record Registration(Long participantId, ParticipantStatus status, String token, String requestedTeam) {
}
