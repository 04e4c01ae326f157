package org.cxrlt.leaderboard.scoring;

/** Mean AP of the head, medium and tail labels; null for a group with no scored label. */
public record Groups(Double head, Double medium, Double tail) {
}
