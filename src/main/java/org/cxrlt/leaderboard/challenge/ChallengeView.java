package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.evaluation.LabelGroup;
import org.cxrlt.leaderboard.evaluation.LabelGroups;

/**
 * A challenge as anyone may read it.
 *
 * @param idColumn       the id column its CSV files must have
 * @param trainingImages the number of training images the counts are out of, or null if not given
 * @param groupRule      head: more than {@code headAbove} training images; tail: fewer than {@code tailBelow}
 * @param metricsShown   the metrics its leaderboard shows, mAP first (it ranks)
 */
public record ChallengeView(String slug, String title, String idColumn, Long trainingImages,
                            ChallengeDefinition.GroupRuleDefinition groupRule, List<String> metricsShown,
                            List<TaskView> tasks) {

    /** The task named {@code slug}, or null. */
    public TaskView task(String slug) {
        return tasks.stream().filter(task -> task.slug().equals(slug)).findFirst().orElse(null);
    }

    /**
     * Each counted label's share of the training images ({@code trainingCount / trainingImages}),
     * for synthetic data of a realistic shape; empty when {@code trainingImages} is not given.
     */
    public Map<String, Double> prevalences(TaskView task) {
        Map<String, Double> shares = new LinkedHashMap<>();
        if (trainingImages != null) {
            for (ChallengeDefinition.LabelDefinition label : task.labelDefinitions()) {
                if (label.trainingCount() != null) {
                    shares.put(label.name(), (double) label.trainingCount() / trainingImages);
                }
            }
        }
        return shares;
    }

    /**
     * @param labels           in the official column order
     * @param labelDefinitions the labels as defined: each with its training count or group given, if any
     * @param groups           the labels of each group (from the counts by the rule, or as given), in
     *                         column order; labels of no group are in none of them
     */
    public record TaskView(String slug, String title, List<String> labels,
                           List<ChallengeDefinition.LabelDefinition> labelDefinitions, GroupsView groups,
                           List<PhaseView> phases) {
    }

    /** The labels of each group, in column order. */
    public record GroupsView(List<String> head, List<String> medium, List<String> tail) {

        /** The same as the evaluation core takes it. */
        public LabelGroups labelGroups() {
            Map<String, LabelGroup> byLabel = new LinkedHashMap<>();
            head.forEach(label -> byLabel.put(label, LabelGroup.HEAD));
            medium.forEach(label -> byLabel.put(label, LabelGroup.MEDIUM));
            tail.forEach(label -> byLabel.put(label, LabelGroup.TAIL));
            return LabelGroups.of(byLabel);
        }
    }

    /**
     * @param closesAt          null: never closes
     * @param answerKeySynthetic true when the loaded answer key is synthetic demo data, not the real labels
     * @param maxPerDay         the rules ({@link PhaseRules}); a null limit is no limit
     */
    public record PhaseView(String slug, String title, Instant opensAt, Instant closesAt, boolean open,
                            boolean answerKeyLoaded, Boolean answerKeySynthetic, Integer answerKeyRows,
                            Integer maxPerDay, Integer maxTotal, Integer maxInFlight, boolean paused,
                            Selection selection, Visibility visibility, boolean labelScoresVisible,
                            FactSheetPolicy factSheet) {
    }
}
