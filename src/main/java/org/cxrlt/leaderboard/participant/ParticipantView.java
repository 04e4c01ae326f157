package org.cxrlt.leaderboard.participant;

import java.time.Instant;

/**
 * @param team          the team it is a member of, or null
 * @param requestedTeam the team it asked to join while its owner or an organizer has not decided, else null
 */
public record ParticipantView(Long participantId, String name, String email, String team, String affiliation,
                              ParticipantStatus status, String rejectionReason, Instant registeredAt,
                              Instant decidedAt, String requestedTeam) {
}
