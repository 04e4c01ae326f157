package org.cxrlt.leaderboard.leaderboard;

import java.time.Instant;
import org.cxrlt.leaderboard.scoring.Groups;
import org.cxrlt.leaderboard.scoring.Means;

/**
 * A team's best scored submission.
 *
 * @param rank        equal mAP share a rank (1, 1, 3)
 * @param submissions how many submissions the team made in the phase, whatever their status
 */
public record LeaderboardEntry(int rank, String team, long submissionId, Instant submittedAt, Means scores,
                               Groups groups, long submissions) {
}
