package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.List;

/**
 * A whole challenge as an organizer writes it ({@code PUT /api/v1/admin/challenges/{c}}): what is
 * named is created or updated, what is left out is removed (refused if it has submissions).
 * Enum values are strings here so that a wrong one gets a message naming the field.
 *
 * <p>Everything challenge-specific that scoring needs is here, not in the evaluation core: the id
 * column of its CSV files, each label's training count (or group), the rule that turns counts into
 * head/medium/tail groups, and the metrics its leaderboard shows. CXR-LT 2024's own definition is
 * the resource {@code org/cxrlt/leaderboard/definitions/cxr-lt-2024.json}, in this same shape.
 *
 * @param idColumn       the CSV files' id column; null: {@code dicom_id}
 * @param trainingImages the number of training images the counts are out of; optional, used only
 *                       for the prevalences of synthetic demo data
 * @param groupRule      null: CXR-LT 2024's ({@link ChallengeDefinitions#DEFAULT_GROUP_RULE})
 * @param metricsShown   of mAP, mAUROC, mF1, mECE, mAP first (it ranks); null: all four
 */
public record ChallengeDefinition(String title, String idColumn, Long trainingImages, GroupRuleDefinition groupRule,
                                  List<String> metricsShown, List<TaskDefinition> tasks) {

    /** The tasks alone, with every other term its default. */
    public ChallengeDefinition(String title, List<TaskDefinition> tasks) {
        this(title, null, null, null, null, tasks);
    }

    /** Head: more than {@code headAbove} positive training images; tail: fewer than {@code tailBelow}. */
    public record GroupRuleDefinition(Long headAbove, Long tailBelow) {
    }

    /**
     * @param labels in the official column order; in JSON each is a name, or an object
     *               {@code {"name", "trainingCount", "group"}}
     */
    public record TaskDefinition(String slug, String title, List<LabelDefinition> labels,
                                 List<PhaseDefinition> phases) {
    }

    /**
     * A label: its training count (positive training images, which decides its group by the
     * rule), or its group given outright ({@code head}, {@code medium}, {@code tail}, or
     * {@code none}), or neither (no group, as for a zero-shot label). Not both.
     */
    public record LabelDefinition(String name, Long trainingCount, String group) {

        public static LabelDefinition named(String name) {
            return new LabelDefinition(name, null, null);
        }
    }

    /**
     * Rules left out take their defaults (no limits, not paused, BEST, PUBLIC, label scores visible,
     * no fact sheet).
     */
    public record PhaseDefinition(String slug, String title, Instant opensAt, Instant closesAt, Integer maxPerDay,
                                  Integer maxTotal, Integer maxInFlight, Boolean paused, String selection,
                                  String visibility, Boolean labelScoresVisible, String factSheet) {
    }
}
