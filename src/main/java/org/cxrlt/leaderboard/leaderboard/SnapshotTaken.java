package org.cxrlt.leaderboard.leaderboard;

/**
 * Published in the transaction that stores a leaderboard snapshot (listeners that act after the
 * commit see it stored).
 */
public record SnapshotTaken(String challenge, String task, String phase, String name) {
}
