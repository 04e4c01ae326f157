package org.cxrlt.leaderboard.submission;

import java.time.Instant;
import java.util.List;
import org.cxrlt.leaderboard.scoring.Groups;
import org.cxrlt.leaderboard.scoring.LabelResult;
import org.cxrlt.leaderboard.scoring.Means;

/**
 * One submission as its team sees it. Scores, groups and labels are null until it is SCORED;
 * errors are the reasons of a FAILED one.
 *
 * @param baseline     an organizers' baseline entry (its team is the baseline's name)
 * @param disqualified the organizers' reason when it was disqualified (left off the leaderboard), else null
 * @param factSheet    what the upload said of its method; null when it said nothing
 */
public record SubmissionView(long id, String challenge, String task, String phase, String team,
                             SubmissionStatus status, Instant submittedAt, Instant scoredAt, String description,
                             String fileName, long fileSize, Means scores, Groups groups, List<LabelResult> labels,
                             List<String> errors, List<String> warnings, boolean baseline, String disqualified,
                             FactSheet factSheet) {
}
