package org.cxrlt.leaderboard.leaderboard;

/**
 * A leaderboard with its version tag: the tag changes whenever the ranking may have changed,
 * which makes it usable as an ETag.
 */
public record RankedLeaderboard(Leaderboard leaderboard, String csv, String version) {
}
