package org.cxrlt.leaderboard.scoring;

import java.util.List;

/** The scores stored for one submission, with the answer key they were computed against. */
public record StoredScores(long answerKeyId, Means means, Groups groups, List<LabelResult> labels) {
}
