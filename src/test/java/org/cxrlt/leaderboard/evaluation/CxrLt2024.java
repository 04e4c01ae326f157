package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CXR-LT 2024 for tests, read from the definition the service seeds and the command line uses
 * ({@code org/cxrlt/leaderboard/definitions/cxr-lt-2024.json}): the core itself holds none of it.
 */
public final class CxrLt2024 {

    public static final String RESOURCE = "org/cxrlt/leaderboard/definitions/cxr-lt-2024.json";
    private static final JsonNode DEFINITION = read();

    public static final String ID_COLUMN = DEFINITION.get("idColumn").asString();
    public static final long TRAINING_IMAGES = DEFINITION.get("trainingImages").asLong();
    public static final GroupRule RULE = new GroupRule(DEFINITION.get("groupRule").get("headAbove").asLong(),
            DEFINITION.get("groupRule").get("tailBelow").asLong());
    public static final List<String> TASK1_LABELS = labelsOf("task1");
    public static final List<String> TASK2_LABELS = labelsOf("task2");
    public static final List<String> TASK3_LABELS = labelsOf("task3");
    /** Positives per label among the training images. */
    public static final Map<String, Long> TRAINING_COUNTS = counts();
    /** Every label's group by the 2024 rule (task 3's have none). */
    public static final LabelGroups GROUPS = groups();

    private CxrLt2024() {
    }

    public static List<String> labelsOf(String task) {
        for (JsonNode node : DEFINITION.get("tasks")) {
            if (node.get("slug").asString().equals(task)) {
                List<String> labels = new ArrayList<>();
                node.get("labels").forEach(label -> labels.add(label.get("name").asString()));
                return List.copyOf(labels);
            }
        }
        throw new IllegalArgumentException("unknown task " + task);
    }

    /** Synthetic data of 2024's shape: its id column and the prevalences of its training counts. */
    public static SyntheticData synthetic(List<String> labels, int rows, long seed) {
        Map<String, Double> prevalences = new LinkedHashMap<>();
        TRAINING_COUNTS.forEach((label, count) -> prevalences.put(label, (double) count / TRAINING_IMAGES));
        return SyntheticData.create(ID_COLUMN, labels, prevalences, rows, seed);
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JsonNode task : DEFINITION.get("tasks")) {
            for (JsonNode label : task.get("labels")) {
                if (label.has("trainingCount")) {
                    counts.put(label.get("name").asString(), label.get("trainingCount").asLong());
                }
            }
        }
        return Map.copyOf(counts);
    }

    private static LabelGroups groups() {
        Map<String, LabelGroup> groups = new LinkedHashMap<>();
        TRAINING_COUNTS.forEach((label, count) -> groups.put(label, RULE.groupOf(count)));
        return LabelGroups.of(groups);
    }

    private static JsonNode read() {
        try (InputStream in = CxrLt2024.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
