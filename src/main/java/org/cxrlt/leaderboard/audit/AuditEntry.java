package org.cxrlt.leaderboard.audit;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One recorded action; {@code before} and {@code after} are null when there was no such state. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, JsonNode before,
                         JsonNode after) {
}
