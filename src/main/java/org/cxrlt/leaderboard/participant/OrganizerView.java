package org.cxrlt.leaderboard.participant;

import java.time.Instant;
import java.util.List;

/**
 * An organizer account as the administrator lists it (never its token).
 *
 * @param challenges     the slugs of the challenges it organizes, sorted
 * @param tokenRevokedAt when the administrator revoked its token; null while the token works
 */
public record OrganizerView(long id, String name, String email, List<String> challenges, Instant createdAt,
                            Instant tokenRevokedAt) {
}
