package org.cxrlt.leaderboard.leaderboard;

import java.time.Instant;
import java.util.List;

/** @param updatedAt when the ranking last changed (a newly scored submission or a new answer key) */
public record Leaderboard(String challenge, String task, String phase, String rankedBy, Instant updatedAt,
                          List<LeaderboardEntry> entries) {
}
