package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.Map;

/**
 * One stored answer key of a phase.
 *
 * @param uploadedBy who uploaded it ({@code organizer}, or {@code system} for the demo's)
 * @param active     whether the phase scores and ranks against it
 */
public record AnswerKeyVersion(int version, int rows, Map<String, Integer> positives, Instant uploadedAt,
                               String uploadedBy, boolean synthetic, boolean active) {
}
