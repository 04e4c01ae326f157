package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.List;

/**
 * A whole challenge as an organizer writes it ({@code PUT /api/v1/admin/challenges/{c}}): what is
 * named is created or updated, what is left out is removed (refused if it has submissions).
 * Enum values are strings here so that a wrong one gets a message naming the field.
 */
public record ChallengeDefinition(String title, List<TaskDefinition> tasks) {

    /** @param labels in the official column order */
    public record TaskDefinition(String slug, String title, List<String> labels, List<PhaseDefinition> phases) {
    }

    /**
     * Rules left out take their defaults (no limits, not paused, BEST, PUBLIC, label scores visible,
     * no fact sheet).
     */
    public record PhaseDefinition(String slug, String title, Instant opensAt, Instant closesAt, Integer maxPerDay,
                                  Integer maxTotal, Integer maxInFlight, Boolean paused, String selection,
                                  String visibility, Boolean labelScoresVisible, String factSheet) {
    }
}
