package org.cxrlt.leaderboard.participant;

import java.time.Instant;

public record ParticipantView(Long participantId, String name, String email, String team, String affiliation,
                              ParticipantStatus status, String rejectionReason, Instant registeredAt,
                              Instant decidedAt) {
}
