package org.cxrlt.leaderboard.cli;

import java.util.List;
import org.cxrlt.leaderboard.evaluation.GroupScores;
import org.cxrlt.leaderboard.evaluation.LabelScore;
import org.cxrlt.leaderboard.evaluation.Scores;

/** The {@code --json} output: one object, numbers as Java writes doubles (round-trip exact). */
final class ScoresJson {
    private ScoresJson() {
    }

    static String write(Scores scores, List<String> warnings) {
        StringBuilder json = new StringBuilder(4096);
        json.append("{\"mAP\":").append(scores.mAP())
                .append(",\"mAUROC\":").append(scores.mAUROC())
                .append(",\"mF1\":").append(scores.mF1())
                .append(",\"mECE\":").append(scores.mECE())
                .append(",\"rows\":").append(scores.rows())
                .append(",\"labels\":[");
        for (int i = 0; i < scores.labels().size(); i++) {
            LabelScore s = scores.labels().get(i);
            json.append(i == 0 ? "" : ",").append("{\"label\":").append(quote(s.label()))
                    .append(",\"ap\":").append(s.ap())
                    .append(",\"auroc\":").append(s.auroc())
                    .append(",\"f1\":").append(s.f1())
                    .append(",\"ece\":").append(s.ece())
                    .append(",\"positives\":").append(s.positives()).append('}');
        }
        GroupScores groups = scores.groups();
        json.append("],\"groups\":{\"head\":").append(groups.head())
                .append(",\"medium\":").append(groups.medium())
                .append(",\"tail\":").append(groups.tail())
                .append("},\"warnings\":[");
        for (int i = 0; i < warnings.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(warnings.get(i)));
        }
        return json.append("]}").toString();
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
