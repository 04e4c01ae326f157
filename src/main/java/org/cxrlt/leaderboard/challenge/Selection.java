package org.cxrlt.leaderboard.challenge;

/** Which of a team's scored submissions stands for it on the leaderboard. */
public enum Selection {
    /** The best by mAP. */
    BEST,
    /** The latest submitted of those scored. */
    LATEST,
    /** The one the team marked; its best until it marks one. */
    CHOSEN
}
