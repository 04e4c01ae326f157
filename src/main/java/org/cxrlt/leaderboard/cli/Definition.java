package org.cxrlt.leaderboard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cxrlt.leaderboard.evaluation.DefinitionRules;
import org.cxrlt.leaderboard.evaluation.DefinitionShape;
import org.cxrlt.leaderboard.evaluation.GroupRule;
import org.cxrlt.leaderboard.evaluation.LabelGroup;
import org.cxrlt.leaderboard.evaluation.LabelGroups;

/**
 * A challenge definition as the command line reads it: the same JSON as the service's
 * {@code PUT /api/v1/admin/challenges/{c}} body (or its {@code GET}), of which only the scoring
 * terms are read and checked: {@code idColumn}, {@code trainingImages}, {@code groupRule},
 * {@code metricsShown} and each task's {@code slug} and {@code labels} (names, or objects with
 * {@code name} and a {@code trainingCount} or {@code group}; in a {@code GET} answer,
 * {@code labelDefinitions}); titles, phases and other fields are ignored. The
 * rules are the service's ({@link DefinitionRules}). Read with the command line's own JSON reader,
 * since the jar's command-line classes run without the service's libraries.
 */
final class Definition {

    /** CXR-LT 2024's definition, the one the service seeds; in the jar beside the command-line classes. */
    static final String CXR_LT_2024 = "org/cxrlt/leaderboard/definitions/cxr-lt-2024.json";
    private static final String DEFAULT_ID_COLUMN = "dicom_id";
    private static final long[] DEFAULT_RULE = {25887, 2589};
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the service's bounds, as epoch
    // seconds: Instant.parse here would load the date-time formatter's hundred-odd classes on
    // every command's start (about 15 ms), though only a --definition file's phases need them
    private static final Instant EARLIEST = Instant.ofEpochSecond(-62_135_596_800L);
    private static final Instant LATEST = Instant.ofEpochSecond(253_402_300_799L, 999_999_000L);

    /** A task's labels in column order, their groups, and the prevalences of synthetic data. */
    record TaskTerms(String slug, List<String> labels, LabelGroups groups, Map<String, Double> prevalences) {
    }

    /** A definition with problems: every one, each naming its field. */
    static final class RefusedDefinitionException extends Exception {
        private final List<String> problems;

        RefusedDefinitionException(List<String> problems) {
            super(String.join(" ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    private final String idColumn;
    private final List<TaskTerms> tasks;

    private Definition(String idColumn, List<TaskTerms> tasks) {
        this.idColumn = idColumn;
        this.tasks = tasks;
    }

    String idColumn() {
        return idColumn;
    }

    List<TaskTerms> tasks() {
        return tasks;
    }

    /** The task named {@code slug}, or null. */
    TaskTerms task(String slug) {
        return tasks.stream().filter(task -> task.slug().equals(slug)).findFirst().orElse(null);
    }

    /** The task slugs, for messages: {@code task1, task2, task3}. */
    String taskSlugs() {
        return String.join(", ", tasks.stream().map(TaskTerms::slug).toList());
    }

    /**
     * Each label's group wherever the definition puts it: a label in several tasks takes its
     * group from the first task that names it.
     */
    LabelGroups groupsByName() {
        Map<String, LabelGroup> byLabel = new LinkedHashMap<>();
        for (TaskTerms task : tasks) {
            for (String label : task.labels()) {
                if (!byLabel.containsKey(label)) {
                    byLabel.put(label, task.groups().of(label));
                }
            }
        }
        return LabelGroups.of(byLabel);
    }

    static Definition cxrLt2024() {
        try (InputStream in = Definition.class.getClassLoader().getResourceAsStream(CXR_LT_2024)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + CXR_LT_2024 + " is missing from the jar");
            }
            // The jar's own definition: its shape is checked by the tests (DefinitionOptionTests),
            // not again on every `score` run's start.
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), false);
        } catch (IOException | RefusedDefinitionException e) {
            throw new IllegalStateException("the built-in definition " + CXR_LT_2024 + " cannot be read", e);
        }
    }

    static Definition read(Path file) throws IOException, RefusedDefinitionException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Definition parse(String text) throws RefusedDefinitionException {
        return parse(text, true);
    }

    /** {@code checkShape}: the service's shape rules first; false only for the jar's own definition. */
    private static Definition parse(String text, boolean checkShape) throws RefusedDefinitionException {
        Object parsed;
        try {
            parsed = Json.parseWithIntegers(text);
        } catch (IllegalArgumentException e) {
            throw new RefusedDefinitionException(List.of("The file is " + e.getMessage() + "."));
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new RefusedDefinitionException(List.of("The file must hold a challenge definition, a JSON object."));
        }
        Map<String, Object> root = Json.object(parsed);
        // the service's own shape rules first, so that a file PUT would refuse is refused here with the same words
        List<String> misshapen = !checkShape ? List.of() : new DefinitionShape(isAnswer(root)
                ? DefinitionShape.Form.ANSWER : DefinitionShape.Form.DEFINITION, Definition::instantRefusal).problems(root);
        if (!misshapen.isEmpty()) {
            throw new RefusedDefinitionException(misshapen);
        }
        List<String> problems = new ArrayList<>();
        String idColumn = DEFAULT_ID_COLUMN;
        if (root.get("idColumn") != null) {
            idColumn = text(root.get("idColumn"), "idColumn", problems);
        }
        if (idColumn != null) { // a value of the wrong type is said once, above
            DefinitionRules.checkIdColumn("idColumn", idColumn, problems);
        }
        Long trainingImages = whole(root.get("trainingImages"), "trainingImages", problems);
        if (trainingImages != null && trainingImages <= 0) {
            problems.add("trainingImages must be more than 0 (or left out), not " + trainingImages + ".");
            trainingImages = null;
        }
        GroupRule rule = rule(root.get("groupRule"), problems);
        Object metrics = root.get("metricsShown");
        if (metrics != null) {
            if (metrics instanceof List<?> list) {
                List<String> names = new ArrayList<>();
                int before = problems.size();
                for (int i = 0; i < list.size(); i++) {
                    names.add(list.get(i) == null ? null : text(list.get(i), "metricsShown[" + i + "]", problems));
                }
                if (problems.size() == before) { // a value of the wrong type is said once, above
                    DefinitionRules.checkMetrics("metricsShown", names, problems);
                }
            } else {
                problems.add("metricsShown must be a list such as [\"mAP\", \"mAUROC\"].");
            }
        }
        List<TaskTerms> tasks = new ArrayList<>();
        Object taskList = root.get("tasks");
        if (!(taskList instanceof List<?> list) || list.isEmpty()) {
            problems.add("tasks must list at least one task.");
        } else {
            Set<String> slugs = new HashSet<>();
            for (int t = 0; t < list.size(); t++) {
                TaskTerms task = task(list.get(t), "tasks[" + t + "]", idColumn, trainingImages, rule, problems);
                if (task != null && !slugs.add(task.slug())) {
                    problems.add("tasks[" + t + "].slug '" + task.slug() + "' is used by two tasks.");
                }
                if (task != null) {
                    tasks.add(task);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedDefinitionException(problems);
        }
        return new Definition(idColumn, List.copyOf(tasks));
    }

    /** A {@code GET /challenges/{c}} answer: its tasks carry {@code labelDefinitions} beside the names. */
    private static boolean isAnswer(Map<String, Object> root) {
        return Json.array(root.get("tasks")).stream()
                .anyMatch(task -> task instanceof Map<?, ?> map && map.containsKey("labelDefinitions"));
    }

    /**
     * As the service reads an instant: ISO-8601 with {@code Z} or an offset, or seconds since the
     * epoch in a string, between the years 1 and 9999. Phases are not used offline; only checked.
     */
    private static String instantRefusal(String text) {
        Instant instant;
        try {
            instant = text.matches("-?[0-9]+(\\.[0-9]+)?")
                    ? Instant.ofEpochSecond(new java.math.BigDecimal(text).longValueExact())
                    : Instant.from(DateTimeFormatter.ISO_INSTANT.parse(text));
        } catch (DateTimeException | ArithmeticException e) {
            return "";
        }
        return instant.isBefore(EARLIEST) || instant.isAfter(LATEST)
                ? "must be an instant between the years 1 and 9999" : null;
    }

    private static GroupRule rule(Object value, List<String> problems) {
        if (value == null) {
            return new GroupRule(DEFAULT_RULE[0], DEFAULT_RULE[1]);
        }
        if (!(value instanceof Map<?, ?>)) {
            problems.add("groupRule must be an object {\"headAbove\": N, \"tailBelow\": M}.");
            return null;
        }
        Map<String, Object> map = Json.object(value);
        int before = problems.size();
        Long headAbove = whole(map.get("headAbove"), "groupRule.headAbove", problems);
        Long tailBelow = whole(map.get("tailBelow"), "groupRule.tailBelow", problems);
        if (problems.size() > before) {
            return null;
        }
        DefinitionRules.checkGroupRule("groupRule", headAbove, tailBelow, problems);
        return problems.size() > before ? null : new GroupRule(headAbove, tailBelow);
    }

    private static TaskTerms task(Object value, String at, String idColumn, Long trainingImages, GroupRule rule,
                                  List<String> problems) {
        if (!(value instanceof Map<?, ?>)) {
            problems.add(at + " must be a task, a JSON object.");
            return null;
        }
        Map<String, Object> task = Json.object(value);
        String slug = task.get("slug") instanceof String s && !s.isBlank() ? s : null;
        if (slug == null) {
            problems.add(at + ".slug must name the task.");
        }
        // a GET /challenges/{c} answer has the labels as defined in labelDefinitions, names alone in labels
        Object labelList = task.get("labelDefinitions") != null ? task.get("labelDefinitions") : task.get("labels");
        if (!(labelList instanceof List<?> labels) || labels.isEmpty()) {
            problems.add(at + ".labels must list the task's labels in column order.");
            return null;
        }
        List<String> names = new ArrayList<>();
        Map<String, LabelGroup> groups = new LinkedHashMap<>();
        Map<String, Double> prevalences = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String field = at + ".labels[" + i + "]";
            Object label = labels.get(i);
            String name;
            Long count = null;
            String group = null;
            if (label instanceof String s) {
                name = s;
            } else if (label instanceof Map<?, ?>) {
                Map<String, Object> object = Json.object(label);
                name = object.get("name") instanceof String s ? s : null;
                count = whole(object.get("trainingCount"), field + ".trainingCount", problems);
                if (object.get("group") != null) {
                    group = text(object.get("group"), field + ".group", problems);
                }
            } else {
                problems.add(field + " must be a label name or an object {\"name\", \"trainingCount\" or \"group\"}.");
                continue;
            }
            if (name == null || name.isBlank() || !name.equals(name.strip())) {
                problems.add(field + " must be a label name without surrounding spaces, not "
                        + (name == null ? "null" : "'" + name + "'") + ".");
                continue;
            }
            if (name.equalsIgnoreCase(idColumn)) {
                problems.add(field + ": " + idColumn + " is the id column, not a label.");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                problems.add(field + " '" + name + "' is listed twice.");
            }
            int before = problems.size();
            DefinitionRules.checkLabelGroup(field, count, group, problems);
            if (trainingImages != null && count != null && count > trainingImages) {
                problems.add(field + ".trainingCount " + count + " is more than trainingImages (" + trainingImages
                        + ").");
            }
            names.add(name);
            if (problems.size() == before && rule != null) {
                groups.put(name, DefinitionRules.groupOf(count, group, rule));
            }
            if (count != null && trainingImages != null) {
                prevalences.put(name, (double) count / trainingImages);
            }
        }
        return slug == null ? null : new TaskTerms(slug, List.copyOf(names), LabelGroups.of(groups), prevalences);
    }

    private static String text(Object value, String field, List<String> problems) {
        if (value instanceof String s) {
            return s;
        }
        problems.add(field + " must be a string, not " + DefinitionShape.shown(value) + ".");
        return null;
    }

    /** A whole number, or null when absent (its type was checked by the shape). */
    private static Long whole(Object value, String field, List<String> problems) {
        if (value == null || value instanceof Long) {
            return (Long) value;
        }
        problems.add(field + " must be a whole number, not " + DefinitionShape.shown(value) + ".");
        return null;
    }
}
