package org.cxrlt.leaderboard.challenge.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.system.JsonInputChecks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The shape of a challenge definition ({@link org.cxrlt.leaderboard.challenge.ChallengeDefinition}),
 * checked on the JSON tree before it is bound, so that every misspelt field and every value of the
 * wrong type is reported at once: Jackson's binding stops at the first. Each problem names its
 * field ({@code tasks[0].phases[1].maxPerDay}) and says what was expected.
 *
 * <p>Types are strict: a string where a number is expected (or the reverse) is refused rather
 * than converted. {@code null} is taken anywhere, as the binding takes it (the rules that follow
 * say whether a field may be left out).
 */
final class DefinitionShape {

    /** One field's rule: adds a sentence to {@code problems} for each thing wrong in {@code node}. */
    private interface Shape {
        void check(JsonNode node, String at, List<String> problems);
    }

    private static final int MAX_SHOWN = 60;

    private final ObjectReader instants;
    private final Shape root;

    /** @param instants a reader of {@link Instant}, the service's, so that instants are read as the binding reads them */
    DefinitionShape(ObjectReader instants) {
        this.instants = instants;
        Shape text = this::text;
        Shape whole = (node, at, problems) -> number(node, at, problems, false);
        Shape limit = (node, at, problems) -> number(node, at, problems, true);
        Shape flag = (node, at, problems) -> {
            if (!node.isBoolean()) {
                problems.add(at + " must be true or false, not " + shown(node) + ".");
            }
        };
        Shape instant = this::instant;
        Map<String, Shape> phase = fields("slug", text, "title", text, "opensAt", instant, "closesAt", instant,
                "maxPerDay", limit, "maxTotal", limit, "maxInFlight", limit, "paused", flag, "selection", text,
                "visibility", text, "labelScoresVisible", flag, "factSheet", text);
        Shape labelObject = object(fields("name", text, "trainingCount", whole, "group", text));
        Shape label = (node, at, problems) -> {
            if (node.isString()) {
                text(node, at, problems);
            } else if (node.isObject()) {
                labelObject.check(node, at, problems);
            } else {
                problems.add(at + " must be a label name or an object {\"name\", \"trainingCount\" or \"group\"}, not "
                        + shown(node) + ".");
            }
        };
        Map<String, Shape> task = fields("slug", text, "title", text, "labels", list(label),
                "phases", list(object(phase)));
        this.root = object(fields("title", text, "idColumn", text, "trainingImages", whole,
                "groupRule", object(fields("headAbove", whole, "tailBelow", whole)), "metricsShown", list(text),
                "tasks", list(object(task))));
    }

    /** Every problem of the definition's shape, in the order of the document; empty when it can be bound. */
    List<String> problems(JsonNode definition) {
        List<String> problems = new ArrayList<>();
        root.check(definition, "", problems);
        return problems;
    }

    private static Map<String, Shape> fields(Object... namesAndShapes) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return fields;
    }

    private static Shape object(Map<String, Shape> fields) {
        return (node, at, problems) -> {
            if (node.isNull()) {
                return;
            }
            if (!node.isObject()) {
                problems.add((at.isEmpty() ? "The definition" : at) + " must be a JSON object, not " + shown(node)
                        + ".");
                return;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                Shape shape = fields.get(field.getKey());
                if (shape == null) {
                    problems.add(path + " is not a field of a challenge definition.");
                } else if (!field.getValue().isNull()) {
                    shape.check(field.getValue(), path, problems);
                }
            }
        };
    }

    private static Shape list(Shape element) {
        return (node, at, problems) -> {
            if (!node.isArray()) {
                problems.add(at + " must be a list, not " + shown(node) + ".");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isNull()) { // a null element is named by the rules that follow
                    element.check(node.get(i), at + "[" + i + "]", problems);
                }
            }
        };
    }

    private void text(JsonNode node, String at, List<String> problems) {
        if (!node.isString()) {
            problems.add(at + " must be a string, not " + shown(node) + ".");
        } else if (node.asString().indexOf('\0') >= 0) {
            problems.add(at + " must not contain the NUL character (\\u0000).");
        }
    }

    private static void number(JsonNode node, String at, List<String> problems, boolean limit) {
        if (!node.isIntegralNumber()) {
            problems.add(at + " must be a whole number" + (limit ? " (or null for no limit)" : "") + ", not "
                    + shown(node) + ".");
        } else if (limit ? !node.canConvertToInt() : !node.canConvertToLong()) {
            problems.add(at + " must be a whole number up to " + (limit ? Integer.MAX_VALUE : Long.MAX_VALUE)
                    + ", not " + shown(node) + ".");
        }
    }

    private void instant(JsonNode node, String at, List<String> problems) {
        if (node.isString()) {
            try {
                instants.readValue(node);
                return;
            } catch (JsonInputChecks.RefusedValueException e) {
                problems.add(at + " " + e.reason() + ".");
                return;
            } catch (JacksonException e) {
                // said below
            }
        }
        problems.add(at + " must be an instant such as \"2024-08-01T00:00:00Z\", not " + shown(node) + ".");
    }

    /** The value as JSON, cut short: a message quotes it, not a whole document. */
    private static String shown(JsonNode node) {
        String json = node.toString();
        return json.length() <= MAX_SHOWN ? json : json.substring(0, MAX_SHOWN) + "…";
    }
}
