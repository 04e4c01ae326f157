package org.cxrlt.leaderboard.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Computes every metric of a checked submission against its answer key. */
public final class Evaluator {

    private Evaluator() {
    }

    /** {@link #score(AnswerKey, Submission, LabelGroups)} with no label in a group: group means are null. */
    public static Scores score(AnswerKey key, Submission submission) {
        return score(key, submission, LabelGroups.NONE);
    }

    /**
     * Per-label AP, AUROC, F1 and ECE, their plain means over the labels, and the mean AP of
     * each head/medium/tail group as {@code groups} (the challenge definition's) assigns them.
     * Labels are scored in parallel: each is independent.
     */
    public static Scores score(AnswerKey key, Submission submission, LabelGroups groups) {
        if (submission.key() != key) {
            throw new IllegalArgumentException("the submission was checked against another answer key");
        }
        List<String> labels = key.labels();
        int rows = key.rows();
        // one worker per core, each with its own working arrays, taking every k-th label
        int workers = Math.max(1, Math.min(labels.size(), Runtime.getRuntime().availableProcessors()));
        LabelScore[] perLabelArray = new LabelScore[labels.size()];
        IntStream.range(0, workers).parallel().forEach(worker -> {
            LabelMetrics metrics = LabelMetrics.ofThread(rows);
            for (int l = worker; l < labels.size(); l += workers) {
                perLabelArray[l] = metrics.score(labels.get(l), key.truth(l), submission.predictions(l),
                        key.positives(l));
            }
        });
        List<LabelScore> perLabel = List.of(perLabelArray);
        List<String> warnings = new ArrayList<>(submission.warnings());
        return new Scores(
                mean(perLabel, Metric.AP), mean(perLabel, Metric.AUROC),
                mean(perLabel, Metric.F1), mean(perLabel, Metric.ECE),
                rows, perLabel, groups(perLabel, groups), warnings);
    }

    private enum Metric { AP, AUROC, F1, ECE }

    private static double mean(List<LabelScore> scores, Metric metric) {
        double[] values = new double[scores.size()];
        for (int i = 0; i < values.length; i++) {
            LabelScore s = scores.get(i);
            values[i] = switch (metric) {
                case AP -> s.ap();
                case AUROC -> s.auroc();
                case F1 -> s.f1();
                case ECE -> s.ece();
            };
        }
        return NumpySum.mean(values, 0, values.length);
    }

    private static GroupScores groups(List<LabelScore> scores, LabelGroups groups) {
        return new GroupScores(groupMean(scores, groups, LabelGroup.HEAD),
                groupMean(scores, groups, LabelGroup.MEDIUM), groupMean(scores, groups, LabelGroup.TAIL));
    }

    private static Double groupMean(List<LabelScore> scores, LabelGroups groups, LabelGroup group) {
        List<LabelScore> members = scores.stream().filter(s -> groups.of(s.label()) == group).toList();
        return members.isEmpty() ? null : mean(members, Metric.AP);
    }
}
