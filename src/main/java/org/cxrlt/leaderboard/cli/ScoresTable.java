package org.cxrlt.leaderboard.cli;

import java.util.List;
import java.util.Locale;
import org.cxrlt.leaderboard.evaluation.GroupScores;
import org.cxrlt.leaderboard.evaluation.LabelScore;
import org.cxrlt.leaderboard.evaluation.Scores;

/** The readable output: one line per label, then the means, groups and warnings. */
final class ScoresTable {
    private ScoresTable() {
    }

    static String write(Scores scores, List<String> warnings) {
        int width = Math.max(5, scores.labels().stream().mapToInt(s -> s.label().length()).max().orElse(5));
        String row = "%-" + width + "s %9s %8s %8s %8s %8s%n";
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Scored %d rows, %d labels.%n%n", scores.rows(), scores.labels().size()));
        text.append(String.format(Locale.ROOT, row, "label", "positives", "AP", "AUROC", "F1", "ECE"));
        for (LabelScore s : scores.labels()) {
            text.append(String.format(Locale.ROOT, row, s.label(), s.positives(), fixed(s.ap()), fixed(s.auroc()),
                    fixed(s.f1()), fixed(s.ece())));
        }
        text.append(String.format(Locale.ROOT, row, "mean", "", fixed(scores.mAP()), fixed(scores.mAUROC()),
                fixed(scores.mF1()), fixed(scores.mECE())));
        GroupScores groups = scores.groups();
        if (groups.head() != null || groups.medium() != null || groups.tail() != null) {
            text.append(String.format(Locale.ROOT, "%nmAP by group: head %s, medium %s, tail %s%n",
                    fixed(groups.head()), fixed(groups.medium()), fixed(groups.tail())));
        }
        text.append(String.format(Locale.ROOT, "%nmAP (primary) = %.6f%n", scores.mAP()));
        if (!warnings.isEmpty()) {
            text.append(String.format("%nwarnings:%n"));
            warnings.forEach(w -> text.append("  - ").append(w).append(System.lineSeparator()));
        }
        return text.toString();
    }

    private static String fixed(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
