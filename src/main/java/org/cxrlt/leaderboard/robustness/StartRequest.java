package org.cxrlt.leaderboard.robustness;

/**
 * What an organizer asks to analyse; every field may be left out.
 *
 * @param snapshot         a frozen leaderboard's name; absent: the live leaderboard as it stands
 * @param replicates       B, 1 to {@code cxrlt.robustness.max-replicates}; absent: the default (1,000)
 * @param seed             absent: drawn at random (and recorded)
 * @param answerKeyVersion absent: the phase's active answer key
 */
public record StartRequest(String snapshot, Integer replicates, Long seed, Integer answerKeyVersion) {
}
