package org.cxrlt.leaderboard.challenge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.cxrlt.leaderboard.evaluation.DefinitionRules;
import org.cxrlt.leaderboard.evaluation.GroupRule;
import org.cxrlt.leaderboard.evaluation.LabelGroup;
import org.cxrlt.leaderboard.evaluation.LabelGroups;

/** Checks a challenge definition whole before anything is changed: every message names the field. */
final class ChallengeDefinitions {

    /** The id column when a definition names none. */
    static final String DEFAULT_ID_COLUMN = "dicom_id";
    /**
     * The group rule when a definition gives none: CXR-LT 2024's, head at least 10 %, tail under
     * 1 % of its 258,871 training images, in counts.
     */
    static final GroupRule DEFAULT_GROUP_RULE = new GroupRule(25887, 2589);

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_TITLE = 300;

    private ChallengeDefinitions() {
    }

    /** Every problem of the definition in one 400 (in the order of the document), each naming its field. */
    static void check(String slug, ChallengeDefinition definition) {
        slug("the challenge's slug", slug);
        if (definition == null) {
            throw ChallengeException.invalid("The request needs the challenge definition as JSON.");
        }
        List<String> problems = new ArrayList<>();
        title("title", definition.title(), problems);
        DefinitionRules.checkIdColumn("idColumn", idColumn(definition), problems);
        if (definition.trainingImages() != null && definition.trainingImages() <= 0) {
            problems.add("trainingImages must be more than 0 (or left out), not " + definition.trainingImages() + ".");
        }
        if (definition.groupRule() != null) {
            DefinitionRules.checkGroupRule("groupRule", definition.groupRule().headAbove(),
                    definition.groupRule().tailBelow(), problems);
        }
        if (definition.metricsShown() != null) {
            DefinitionRules.checkMetrics("metricsShown", definition.metricsShown(), problems);
        }
        if (definition.tasks() == null || definition.tasks().isEmpty()) {
            problems.add("tasks must list at least one task.");
        } else {
            Set<String> taskSlugs = new HashSet<>();
            for (int t = 0; t < definition.tasks().size(); t++) {
                task(definition, t, taskSlugs, problems);
            }
        }
        throwIfAny(problems);
    }

    private static void task(ChallengeDefinition definition, int t, Set<String> taskSlugs, List<String> problems) {
        ChallengeDefinition.TaskDefinition task = definition.tasks().get(t);
        String at = "tasks[" + t + "]";
        if (task == null) {
            problems.add(at + " is null.");
            return;
        }
        if (slug(at + ".slug", task.slug(), problems) && !taskSlugs.add(task.slug())) {
            problems.add(at + ".slug '" + task.slug() + "' is used by two tasks.");
        }
        title(at + ".title", task.title(), problems);
        labels(at + ".labels", task.labels(), idColumn(definition), definition.trainingImages(), problems);
        if (task.phases() == null || task.phases().isEmpty()) {
            problems.add(at + ".phases must list at least one phase.");
            return;
        }
        Set<String> phaseSlugs = new HashSet<>();
        for (int p = 0; p < task.phases().size(); p++) {
            ChallengeDefinition.PhaseDefinition phase = task.phases().get(p);
            String phaseAt = at + ".phases[" + p + "]";
            if (phase == null) {
                problems.add(phaseAt + " is null.");
                continue;
            }
            if (slug(phaseAt + ".slug", phase.slug(), problems) && !phaseSlugs.add(phase.slug())) {
                problems.add(phaseAt + ".slug '" + phase.slug() + "' is used by two phases of task '" + task.slug()
                        + "'.");
            }
            title(phaseAt + ".title", phase.title(), problems);
            PhaseSchedule.check(phaseAt + ".", phase.opensAt(), phase.closesAt(), problems);
            new PhaseRulesBuilder(phaseAt + ".").check(phase, problems);
        }
    }

    static PhaseRules rules(ChallengeDefinition.PhaseDefinition phase, String prefix) {
        return new PhaseRulesBuilder(prefix).build(phase);
    }

    static String titleOr(String title, String slug) {
        return title == null || title.isBlank() ? slug : title.trim();
    }

    private static void slug(String field, String slug) {
        List<String> problems = new ArrayList<>();
        slug(field, slug, problems);
        throwIfAny(problems);
    }

    /** Whether the slug is one; if not, says why in {@code problems}. */
    private static boolean slug(String field, String slug, List<String> problems) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            problems.add(field + " must be 1 to 63 lowercase letters, digits and hyphens, "
                    + "starting with a letter or digit, not " + (slug == null ? "null" : "'" + slug + "'") + ".");
            return false;
        }
        return true;
    }

    private static void title(String field, String title, List<String> problems) {
        if (title != null && title.length() > MAX_TITLE) {
            problems.add(field + " is longer than " + MAX_TITLE + " characters.");
        }
    }

    private static void labels(String field, List<ChallengeDefinition.LabelDefinition> labels, String idColumn,
                               Long trainingImages, List<String> problems) {
        if (labels == null || labels.isEmpty()) {
            problems.add(field + " must list the task's labels in column order: a task "
                    + "without labels has nothing to score.");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            ChallengeDefinition.LabelDefinition definition = labels.get(i);
            String label = definition == null ? null : definition.name();
            String at = field + "[" + i + "]";
            if (label == null || label.isBlank() || !label.equals(label.trim())) {
                problems.add(at + " must be a label name without surrounding spaces, not "
                        + (label == null ? "null" : "'" + label + "'") + ".");
                continue;
            }
            if (label.equalsIgnoreCase(idColumn)) {
                problems.add(at + ": " + idColumn + " is the id column, not a label.");
            }
            if (!seen.add(label.toLowerCase(Locale.ROOT))) {
                problems.add(at + " '" + label + "' is listed twice.");
            }
            DefinitionRules.checkLabelGroup(at, definition.trainingCount(), definition.group(), problems);
            if (trainingImages != null && definition.trainingCount() != null
                    && definition.trainingCount() > trainingImages) {
                problems.add(at + ".trainingCount " + definition.trainingCount() + " is more than trainingImages ("
                        + trainingImages + ").");
            }
        }
    }

    /** Every problem found, in one 400: an organizer fixes them all at once. */
    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw ChallengeException.invalid(problems);
        }
    }

    static String idColumn(ChallengeDefinition definition) {
        return definition.idColumn() == null ? DEFAULT_ID_COLUMN : definition.idColumn();
    }

    static GroupRule groupRule(ChallengeDefinition definition) {
        ChallengeDefinition.GroupRuleDefinition rule = definition.groupRule();
        return rule == null ? DEFAULT_GROUP_RULE : new GroupRule(rule.headAbove(), rule.tailBelow());
    }

    static List<String> metricsShown(ChallengeDefinition definition) {
        return definition.metricsShown() == null ? DefinitionRules.METRICS : List.copyOf(definition.metricsShown());
    }

    /** Each label's group under {@code rule}: given outright, else from its training count, else none. */
    static LabelGroups groups(List<ChallengeDefinition.LabelDefinition> labels, GroupRule rule) {
        Map<String, LabelGroup> groups = new LinkedHashMap<>();
        for (ChallengeDefinition.LabelDefinition label : labels) {
            groups.put(label.name(), DefinitionRules.groupOf(label.trainingCount(), label.group(), rule));
        }
        return LabelGroups.of(groups);
    }

    /** Reads a phase's rules, naming the field of any wrong value with {@code prefix}. */
    private record PhaseRulesBuilder(String prefix) {
        PhaseRules build(ChallengeDefinition.PhaseDefinition phase) {
            limit("maxPerDay", phase.maxPerDay());
            limit("maxTotal", phase.maxTotal());
            limit("maxInFlight", phase.maxInFlight());
            Selection selection = phase.selection() == null ? Selection.BEST
                    : PhaseRules.parse(prefix + "selection", phase.selection(), Selection.class);
            Visibility visibility = phase.visibility() == null ? Visibility.PUBLIC
                    : PhaseRules.parse(prefix + "visibility", phase.visibility(), Visibility.class);
            FactSheetPolicy factSheet = phase.factSheet() == null ? FactSheetPolicy.NONE
                    : PhaseRules.parse(prefix + "factSheet", phase.factSheet(), FactSheetPolicy.class);
            return new PhaseRules(phase.maxPerDay(), phase.maxTotal(), phase.maxInFlight(),
                    Boolean.TRUE.equals(phase.paused()), selection, visibility,
                    phase.labelScoresVisible() == null || phase.labelScoresVisible(), factSheet);
        }

        /** Every problem of the phase's rules, in {@code problems}. */
        void check(ChallengeDefinition.PhaseDefinition phase, List<String> problems) {
            limit("maxPerDay", phase.maxPerDay(), problems);
            limit("maxTotal", phase.maxTotal(), problems);
            limit("maxInFlight", phase.maxInFlight(), problems);
            choice("selection", phase.selection(), Selection.class, problems);
            choice("visibility", phase.visibility(), Visibility.class, problems);
            choice("factSheet", phase.factSheet(), FactSheetPolicy.class, problems);
        }

        private <E extends Enum<E>> void choice(String field, String value, Class<E> type, List<String> problems) {
            if (value == null) {
                return;
            }
            try {
                PhaseRules.parse(prefix + field, value, type);
            } catch (ChallengeException e) {
                problems.add(e.getBody().getDetail());
            }
        }

        private void limit(String field, Integer value, List<String> problems) {
            if (value != null && value < 0) {
                problems.add(prefix + field + " must be 0 or more (or null for no limit), not " + value + ".");
            }
        }

        private void limit(String field, Integer value) {
            List<String> problems = new ArrayList<>();
            limit(field, value, problems);
            throwIfAny(problems);
        }
    }
}
