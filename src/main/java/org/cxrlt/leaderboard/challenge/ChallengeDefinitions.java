package org.cxrlt.leaderboard.challenge;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.cxrlt.leaderboard.system.InvalidRequestException;

/** Checks a challenge definition whole before anything is changed: every message names the field. */
final class ChallengeDefinitions {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_TITLE = 300;

    private ChallengeDefinitions() {
    }

    static void check(String slug, ChallengeDefinition definition) {
        slug("the challenge's slug", slug);
        if (definition == null) {
            throw new InvalidRequestException("The request needs the challenge definition as JSON.");
        }
        title("title", definition.title());
        if (definition.tasks() == null || definition.tasks().isEmpty()) {
            throw new InvalidRequestException("tasks must list at least one task.");
        }
        Set<String> taskSlugs = new HashSet<>();
        for (int t = 0; t < definition.tasks().size(); t++) {
            ChallengeDefinition.TaskDefinition task = definition.tasks().get(t);
            String at = "tasks[" + t + "]";
            if (task == null) {
                throw new InvalidRequestException(at + " is null.");
            }
            slug(at + ".slug", task.slug());
            if (!taskSlugs.add(task.slug())) {
                throw new InvalidRequestException(at + ".slug '" + task.slug() + "' is used by two tasks.");
            }
            title(at + ".title", task.title());
            labels(at + ".labels", task.labels());
            if (task.phases() == null || task.phases().isEmpty()) {
                throw new InvalidRequestException(at + ".phases must list at least one phase.");
            }
            Set<String> phaseSlugs = new HashSet<>();
            for (int p = 0; p < task.phases().size(); p++) {
                ChallengeDefinition.PhaseDefinition phase = task.phases().get(p);
                String phaseAt = at + ".phases[" + p + "]";
                if (phase == null) {
                    throw new InvalidRequestException(phaseAt + " is null.");
                }
                slug(phaseAt + ".slug", phase.slug());
                if (!phaseSlugs.add(phase.slug())) {
                    throw new InvalidRequestException(phaseAt + ".slug '" + phase.slug()
                            + "' is used by two phases of task '" + task.slug() + "'.");
                }
                title(phaseAt + ".title", phase.title());
                PhaseSchedule.check(phaseAt + ".", phase.opensAt(), phase.closesAt());
                rules(phase, phaseAt + ".");
            }
        }
    }

    static PhaseRules rules(ChallengeDefinition.PhaseDefinition phase, String prefix) {
        return new PhaseRulesBuilder(prefix).build(phase);
    }

    static String titleOr(String title, String slug) {
        return title == null || title.isBlank() ? slug : title.trim();
    }

    private static void slug(String field, String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new InvalidRequestException(field + " must be 1 to 63 lowercase letters, digits and hyphens, "
                    + "starting with a letter or digit, not " + (slug == null ? "null" : "'" + slug + "'") + ".");
        }
    }

    private static void title(String field, String title) {
        if (title != null && title.length() > MAX_TITLE) {
            throw new InvalidRequestException(field + " is longer than " + MAX_TITLE + " characters.");
        }
    }

    private static void labels(String field, List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new InvalidRequestException(field + " must list the task's labels in column order: a task "
                    + "without labels has nothing to score.");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null || label.isBlank() || !label.equals(label.trim())) {
                throw new InvalidRequestException(field + "[" + i + "] must be a label name without surrounding "
                        + "spaces, not " + (label == null ? "null" : "'" + label + "'") + ".");
            }
            if (label.equalsIgnoreCase("dicom_id")) {
                throw new InvalidRequestException(field + "[" + i + "]: dicom_id is the id column, not a label.");
            }
            if (!seen.add(label.toLowerCase(Locale.ROOT))) {
                throw new InvalidRequestException(field + "[" + i + "] '" + label + "' is listed twice.");
            }
        }
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

        private void limit(String field, Integer value) {
            if (value != null && value < 0) {
                throw new InvalidRequestException(prefix + field + " must be 0 or more (or null for no limit), not "
                        + value + ".");
            }
        }
    }
}
