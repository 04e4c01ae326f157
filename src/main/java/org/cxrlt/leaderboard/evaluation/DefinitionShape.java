package org.cxrlt.leaderboard.evaluation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a challenge definition: which fields each object may hold and the type of each
 * value, in one place for the service's {@code PUT /admin/challenges/{c}} and the command line's
 * {@code --definition FILE}, so that both refuse the same documents with the same sentences.
 * Each side parses the JSON with its own reader into a plain tree: objects as {@code Map<String, ?>}
 * (in document order), arrays as {@code List<?>}, strings, booleans, {@code null}, and numbers as
 * {@link Long} or {@link BigInteger} when written without a fraction or exponent, else as another
 * {@link Number}. Every misspelt field and value of the wrong type is reported, in the order of the
 * document, each naming its field ({@code tasks[0].phases[1].maxPerDay}); the rules on the values
 * ({@link DefinitionRules}) come after.
 *
 * <p>Types are strict: a string where a number is expected (or the reverse), or {@code 5.0} where a
 * whole number is, is refused rather than converted. {@code null} is taken anywhere (the rules that
 * follow say whether a field may be left out).
 */
public final class DefinitionShape {

    /** Whether a string is an instant the reader takes. */
    public interface InstantCheck {
        /**
         * @return null when {@code text} is a usable instant; else the end of a sentence that starts
         *         with the field ("must be an instant between the years 1 and 9999"), or the empty
         *         string when it is no instant at all
         */
        String refusal(String text);
    }

    /** Which document: the body of a {@code PUT}, or a {@code GET /challenges/{c}} answer (which has more fields). */
    public enum Form { DEFINITION, ANSWER }

    private interface Shape {
        void check(Object value, String at, List<String> problems);
    }

    private static final int MAX_SHOWN = 60;
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);

    private final Shape root;

    /** @param instants how the reader reads an instant (the service's, so that both take the same) */
    public DefinitionShape(Form form, InstantCheck instants) {
        boolean answer = form == Form.ANSWER;
        Shape text = DefinitionShape::text;
        Shape whole = (value, at, problems) -> number(value, at, problems, false);
        Shape limit = (value, at, problems) -> number(value, at, problems, true);
        Shape flag = (value, at, problems) -> {
            if (!(value instanceof Boolean)) {
                problems.add(at + " must be true or false, not " + shown(value) + ".");
            }
        };
        Shape instant = (value, at, problems) -> {
            String refusal = value instanceof String s ? instants.refusal(s) : "";
            if (refusal != null) {
                problems.add(at + " " + (refusal.isEmpty()
                        ? "must be an instant such as \"2024-08-01T00:00:00Z\", not " + shown(value) : refusal) + ".");
            }
        };
        Map<String, Shape> phase = fields("slug", text, "title", text, "opensAt", instant, "closesAt", instant,
                "maxPerDay", limit, "maxTotal", limit, "maxInFlight", limit, "paused", flag, "selection", text,
                "visibility", text, "labelScoresVisible", flag, "factSheet", text);
        Shape labelObject = object(fields("name", text, "trainingCount", whole, "group", text));
        Shape label = (value, at, problems) -> {
            if (value instanceof String) {
                text(value, at, problems);
            } else if (value instanceof Map<?, ?>) {
                labelObject.check(value, at, problems);
            } else {
                problems.add(at + " must be a label name or an object {\"name\", \"trainingCount\" or \"group\"}, not "
                        + shown(value) + ".");
            }
        };
        Map<String, Shape> task = fields("slug", text, "title", text, "labels", list(label));
        Map<String, Shape> root = fields("title", text, "idColumn", text, "trainingImages", whole,
                "groupRule", object(fields("headAbove", whole, "tailBelow", whole)), "metricsShown", list(text));
        if (answer) {
            phase.putAll(fields("open", flag, "answerKeyLoaded", flag, "answerKeySynthetic", flag,
                    "answerKeyRows", limit));
            task.putAll(fields("labelDefinitions", list(labelObject),
                    "groups", object(fields("head", list(text), "medium", list(text), "tail", list(text)))));
            root.put("slug", text);
        }
        task.put("phases", list(object(phase)));
        root.put("tasks", list(object(task)));
        this.root = object(root);
    }

    /**
     * Every problem of the definition's shape, in the order of the document; empty when it can be
     * read.
     *
     * @param definition the document as a plain tree (see the class comment)
     */
    public List<String> problems(Object definition) {
        List<String> problems = new ArrayList<>();
        if (definition == null) {
            problems.add("The definition must be a JSON object, not null.");
        } else {
            root.check(definition, "", problems);
        }
        return problems;
    }

    /**
     * A value of the plain tree as a message quotes it, in JSON, cut short after
     * {@value #MAX_SHOWN} characters: a message quotes a value, not a whole document.
     */
    public static String shown(Object value) {
        StringBuilder json = new StringBuilder();
        write(value, json);
        return json.length() <= MAX_SHOWN ? json.toString() : json.substring(0, MAX_SHOWN) + "…";
    }

    private static void write(Object value, StringBuilder json) {
        if (json.length() > MAX_SHOWN) {
            return;
        }
        if (value instanceof String s) {
            json.append('"');
            for (int i = 0; i < s.length() && json.length() <= MAX_SHOWN; i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append('"');
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            String comma = "";
            for (Map.Entry<?, ?> field : map.entrySet()) {
                json.append(comma);
                write(String.valueOf(field.getKey()), json);
                json.append(':');
                write(field.getValue(), json);
                comma = ",";
            }
            json.append('}');
        } else if (value instanceof List<?> list) {
            json.append('[');
            String comma = "";
            for (Object element : list) {
                json.append(comma);
                write(element, json);
                comma = ",";
            }
            json.append(']');
        } else {
            json.append(value);
        }
    }

    private static Map<String, Shape> fields(Object... namesAndShapes) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return fields;
    }

    private static Shape object(Map<String, Shape> fields) {
        return (value, at, problems) -> {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add((at.isEmpty() ? "The definition" : at) + " must be a JSON object, not " + shown(value)
                        + ".");
                return;
            }
            for (Map.Entry<?, ?> field : map.entrySet()) {
                String name = String.valueOf(field.getKey());
                String path = at.isEmpty() ? name : at + "." + name;
                Shape shape = fields.get(name);
                if (shape == null) {
                    problems.add(path + " is not a field of a challenge definition.");
                } else if (field.getValue() != null) {
                    shape.check(field.getValue(), path, problems);
                }
            }
        };
    }

    private static Shape list(Shape element) {
        return (value, at, problems) -> {
            if (!(value instanceof List<?> list)) {
                problems.add(at + " must be a list, not " + shown(value) + ".");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != null) { // a null element is named by the rules that follow
                    element.check(list.get(i), at + "[" + i + "]", problems);
                }
            }
        };
    }

    private static void text(Object value, String at, List<String> problems) {
        if (!(value instanceof String s)) {
            problems.add(at + " must be a string, not " + shown(value) + ".");
        } else if (s.indexOf('\0') >= 0) {
            problems.add(at + " must not contain the NUL character (\\u0000).");
        }
    }

    private static void number(Object value, String at, List<String> problems, boolean limit) {
        boolean integral = value instanceof Long || value instanceof Integer || value instanceof BigInteger;
        if (!integral) {
            problems.add(at + " must be a whole number" + (limit ? " (or null for no limit)" : "") + ", not "
                    + shown(value) + ".");
            return;
        }
        BigInteger n = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
        boolean fits = limit
                ? n.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0
                        && n.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) >= 0
                : n.compareTo(MAX_LONG) <= 0 && n.compareTo(MIN_LONG) >= 0;
        if (!fits) {
            problems.add(at + " must be a whole number up to " + (limit ? Integer.MAX_VALUE : Long.MAX_VALUE)
                    + ", not " + shown(value) + ".");
        }
    }
}
