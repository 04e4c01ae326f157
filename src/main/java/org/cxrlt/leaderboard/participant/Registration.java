package org.cxrlt.leaderboard.participant;

/** The answer to a registration: the token is shown here once and never again. */
public record Registration(Long participantId, ParticipantStatus status, String token) {
}
