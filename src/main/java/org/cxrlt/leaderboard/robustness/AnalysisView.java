package org.cxrlt.leaderboard.robustness;

import java.util.List;
import org.cxrlt.leaderboard.evaluation.RobustnessResult;

/**
 * An analysis with its entries (team and submission, in leaderboard order) and, once DONE, its
 * result (entries named by team, in the same order).
 */
public record AnalysisView(AnalysisSummary analysis, List<EntryRef> entries, RobustnessResult result) {

    /** A team's entry: the submission that stood for it. */
    public record EntryRef(String team, long submissionId) {
    }
}
