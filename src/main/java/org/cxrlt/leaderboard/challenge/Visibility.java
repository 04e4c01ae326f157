package org.cxrlt.leaderboard.challenge;

/** Who sees a phase's leaderboard with its scores. */
public enum Visibility {
    PUBLIC,
    /** Organizers see it whole; others see the entries without scores or ranks until the phase closes. */
    HIDDEN_UNTIL_CLOSE,
    /** Only organizers; others are refused (403). */
    ORGANIZERS_ONLY
}
