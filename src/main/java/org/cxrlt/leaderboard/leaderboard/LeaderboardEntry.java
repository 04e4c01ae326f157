package org.cxrlt.leaderboard.leaderboard;

import java.time.Instant;
import org.cxrlt.leaderboard.scoring.Groups;
import org.cxrlt.leaderboard.scoring.Means;

/**
 * A team's best scored submission, or an organizers' baseline.
 *
 * @param rank        equal mAP share a rank (1, 1, 3); null for a baseline, which takes no rank
 * @param team        the team's name, or the baseline's
 * @param submissionId the submission that stands for the team; null where the leaderboard is hidden
 * @param submittedAt  when it was submitted; null where the leaderboard is hidden
 * @param submissions how many submissions the team made in the phase, whatever their status (1 for a baseline)
 * @param baseline    an organizers' baseline, listed by its mAP among the teams but not ranked
 * @param method      the method name of the submission that stands for the team (its fact sheet); null when it
 *                    gave none, and where the leaderboard is hidden
 */
public record LeaderboardEntry(Integer rank, String team, Long submissionId, Instant submittedAt, Means scores,
                               Groups groups, long submissions, boolean baseline, String method) {

    /** An entry without a method name. */
    public LeaderboardEntry(Integer rank, String team, Long submissionId, Instant submittedAt, Means scores,
                            Groups groups, long submissions, boolean baseline) {
        this(rank, team, submissionId, submittedAt, scores, groups, submissions, baseline, null);
    }
}
