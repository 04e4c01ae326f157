package org.cxrlt.leaderboard.evaluation;

/**
 * Mean AP over the scored labels of each training-frequency group; {@code null} for a group
 * none of whose labels was scored (task 3's labels belong to no group).
 */
public record GroupScores(Double head, Double medium, Double tail) {
}
