package org.cxrlt.leaderboard.evaluation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a challenge definition's scoring terms follow, in one place for the service (which
 * reads a definition from JSON) and the command line (which reads the same JSON from a file).
 * Each check adds a sentence naming the field to {@code problems}, so that every problem of a
 * definition is reported at once.
 */
public final class DefinitionRules {

    /** The metrics a leaderboard can show, in their usual order; mAP is always shown first and ranks. */
    public static final List<String> METRICS = List.of("mAP", "mAUROC", "mF1", "mECE");

    /** The word for "in no group" in a label's {@code group}. */
    public static final String NO_GROUP = "none";

    private static final int MAX_COLUMN_NAME = 200;

    private DefinitionRules() {
    }

    /** The id column's name: not empty, no surrounding spaces, no line break or control character. */
    public static void checkIdColumn(String field, String idColumn, List<String> problems) {
        if (idColumn == null || idColumn.isBlank()) {
            problems.add(field + " must name the id column of the CSV files (such as dicom_id), not be empty.");
        } else if (!idColumn.equals(idColumn.strip())) {
            problems.add(field + " '" + idColumn + "' must not begin or end with spaces.");
        } else if (idColumn.length() > MAX_COLUMN_NAME) {
            problems.add(field + " is longer than " + MAX_COLUMN_NAME + " characters.");
        } else if (idColumn.chars().anyMatch(Character::isISOControl)) {
            problems.add(field + " must not hold a line break or other control character.");
        }
    }

    /** Both thresholds 0 or more, and {@code tailBelow <= headAbove}. */
    public static void checkGroupRule(String field, Long headAbove, Long tailBelow, List<String> problems) {
        if (headAbove == null || tailBelow == null) {
            problems.add(field + " needs both headAbove and tailBelow (counts of training images).");
            return;
        }
        boolean negative = false;
        if (headAbove < 0) {
            problems.add(field + ".headAbove must be 0 or more, not " + headAbove + ".");
            negative = true;
        }
        if (tailBelow < 0) {
            problems.add(field + ".tailBelow must be 0 or more, not " + tailBelow + ".");
            negative = true;
        }
        if (!negative && tailBelow > headAbove) {
            problems.add(field + " thresholds are out of order: tailBelow (" + tailBelow
                    + ") must not be more than headAbove (" + headAbove + ").");
        }
    }

    /**
     * A label's group terms: a training count of 0 or more, or a group ({@code head},
     * {@code medium}, {@code tail} or {@code none}), not both.
     */
    public static void checkLabelGroup(String field, Long trainingCount, String group, List<String> problems) {
        if (trainingCount != null && trainingCount < 0) {
            problems.add(field + ".trainingCount must be 0 or more, not " + trainingCount + ".");
        }
        if (group != null && !NO_GROUP.equalsIgnoreCase(group.trim()) && LabelGroup.parse(group) == null) {
            problems.add(field + ".group must be head, medium, tail or none, not '" + group + "'.");
        }
        if (trainingCount != null && group != null) {
            problems.add(field + " gives both a trainingCount and a group: give one (the count decides the group "
                    + "by the group rule), not both.");
        }
    }

    /** The label's group: given outright, else from its count by the rule, else none. */
    public static LabelGroup groupOf(Long trainingCount, String group, GroupRule rule) {
        if (group != null) {
            return LabelGroup.parse(group);
        }
        return trainingCount == null ? null : rule.groupOf(trainingCount);
    }

    /** The metrics shown: known ones, each once, mAP first. */
    public static void checkMetrics(String field, List<String> metrics, List<String> problems) {
        if (metrics == null || metrics.isEmpty()) {
            problems.add(field + " must list the metrics shown, mAP first (of " + String.join(", ", METRICS) + ").");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            String metric = metrics.get(i);
            if (metric == null || !METRICS.contains(metric)) { // List.of's contains(null) would throw
                problems.add(field + "[" + i + "] " + (metric == null ? "null" : "'" + metric + "'")
                        + " is not a metric: the metrics are " + String.join(", ", METRICS) + ".");
            } else if (!seen.add(metric)) {
                problems.add(field + "[" + i + "] '" + metric + "' is listed twice.");
            }
        }
        if (!"mAP".equals(metrics.get(0))) {
            problems.add(field + " must begin with mAP: it is always shown, and ranks the leaderboard.");
        }
    }
}
