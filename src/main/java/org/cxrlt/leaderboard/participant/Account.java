package org.cxrlt.leaderboard.participant;

import java.time.Instant;
import java.util.List;

/**
 * The caller's account and every enrolment of it. The fields from {@code team} to
 * {@code requestedTeam} describe its enrolment in cxr-lt-2024 (null when it has none), as
 * {@code GET /api/v1/me} answered before enrolments existed.
 */
public record Account(long participantId, String name, String email, String team, String affiliation,
                      ParticipantStatus status, String rejectionReason, Instant registeredAt, Instant decidedAt,
                      String requestedTeam, List<EnrolmentView> enrolments) {
}
