package org.cxrlt.leaderboard.evaluation;

import java.util.List;

/**
 * The result of scoring one submission against one answer key. Means are plain means over
 * the scored labels, as numpy's {@code mean} computes them.
 *
 * @param rows     rows of the answer key, each scored
 * @param labels   per-label metrics in the order the labels were asked for
 * @param warnings harmless oddities of the submission (extra rows, extra columns)
 */
public record Scores(double mAP, double mAUROC, double mF1, double mECE, int rows,
                     List<LabelScore> labels, GroupScores groups, List<String> warnings) {

    public Scores {
        labels = List.copyOf(labels);
        warnings = List.copyOf(warnings);
    }
}
