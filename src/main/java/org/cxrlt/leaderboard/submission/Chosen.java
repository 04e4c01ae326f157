package org.cxrlt.leaderboard.submission;

import java.time.Instant;

/** The submission a team chose to stand for it in a phase whose selection is CHOSEN. */
public record Chosen(long submissionId, String challenge, String task, String phase, String team, Instant chosenAt) {
}
