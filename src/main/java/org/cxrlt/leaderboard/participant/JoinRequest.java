package org.cxrlt.leaderboard.participant;

import java.time.Instant;

/** A participant asking to join a team, as its owner and the organizers see it. */
public record JoinRequest(long participantId, String name, String email, String affiliation, String team,
                          Instant requestedAt) {
}
