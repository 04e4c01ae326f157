package org.cxrlt.leaderboard.challenge.web;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import org.cxrlt.leaderboard.challenge.AnswerKeySummary;
import org.cxrlt.leaderboard.challenge.AnswerKeyVersion;
import org.cxrlt.leaderboard.challenge.AnswerKeys;
import org.cxrlt.leaderboard.challenge.ChallengeDefinition;
import org.cxrlt.leaderboard.challenge.ChallengeException;
import org.cxrlt.leaderboard.challenge.ChallengeView;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.FactSheetPolicy;
import org.cxrlt.leaderboard.challenge.PhaseRules;
import org.cxrlt.leaderboard.challenge.PhaseSettings;
import org.cxrlt.leaderboard.challenge.Selection;
import org.cxrlt.leaderboard.challenge.Visibility;
import org.cxrlt.leaderboard.evaluation.DefinitionShape;
import org.cxrlt.leaderboard.system.JsonInputChecks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Organizers: challenge definitions, phase dates and rules, answer keys. */
@RestController
@RequestMapping("/api/v1/admin/challenges/{challenge}")
class AdminChallengeController {

    private static final String PHASE = "/tasks/{task}/phases/{phase}";

    private final Challenges challenges;
    private final AnswerKeys answerKeys;
    private final JsonMapper json;

    private final DefinitionShape shape;

    AdminChallengeController(Challenges challenges, AnswerKeys answerKeys, JsonMapper json) {
        this.challenges = challenges;
        this.answerKeys = answerKeys;
        this.json = json;
        ObjectReader instants = json.readerFor(Instant.class);
        this.shape = new DefinitionShape(DefinitionShape.Form.DEFINITION, text -> {
            try {
                instants.readValue(json.getNodeFactory().stringNode(text));
                return null;
            } catch (JsonInputChecks.RefusedValueException e) {
                return e.reason();
            } catch (JacksonException e) {
                return "";
            }
        });
    }

    /** The whole challenge: 201 when created, 200 when updated (sending it again changes nothing). */
    @PutMapping
    ResponseEntity<ChallengeView> define(@PathVariable String challenge, @RequestBody JsonNode body) {
        Challenges.Defined defined = challenges.define(challenge, definition(body));
        return ResponseEntity.status(defined.created() ? HttpStatus.CREATED : HttpStatus.OK).body(defined.challenge());
    }

    /**
     * Changes only what the body names: {@code {"closesAt": null}} makes the phase never close and
     * {@code {"maxPerDay": null}} lifts the limit; leaving a field out keeps it as it is. Read as a
     * tree, since a record cannot tell a field left out from one sent as null.
     */
    @PatchMapping(PHASE)
    ChallengeView.PhaseView change(@PathVariable String challenge, @PathVariable String task,
                                   @PathVariable String phase, @RequestBody JsonNode body) {
        PhaseChange change = PhaseChange.of(body);
        return challenges.change(challenge, task, phase, change::applyTo);
    }

    @PutMapping(path = PHASE + "/answer-key", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    AnswerKeySummary uploadAnswerKey(@PathVariable String challenge, @PathVariable String task,
                                     @PathVariable String phase, @RequestPart("file") MultipartFile file)
            throws IOException {
        return answerKeys.upload(challenge, task, phase, file, file.getSize(), false);
    }

    /** Every stored answer key of the phase, newest first; the active one is marked. */
    @GetMapping(PHASE + "/answer-keys")
    List<AnswerKeyVersion> answerKeys(@PathVariable String challenge, @PathVariable String task,
                                      @PathVariable String phase) {
        return answerKeys.versions(challenge, task, phase);
    }

    @PostMapping(PHASE + "/answer-keys/{version}/activate")
    AnswerKeyVersion activate(@PathVariable String challenge, @PathVariable String task, @PathVariable String phase,
                              @PathVariable int version) {
        return answerKeys.activate(challenge, task, phase, version);
    }

    /**
     * Read here rather than by Spring MVC, so that a misspelt field is refused (a rule silently
     * dropped would be worse), every message names the field, and every misspelt field and value
     * of the wrong type is reported at once ({@link DefinitionShape}), before binding.
     */
    private ChallengeDefinition definition(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ChallengeException.invalid("The request body must be the challenge definition as a JSON object.");
        }
        List<String> problems = shape.problems(plain(body));
        if (!problems.isEmpty()) {
            throw ChallengeException.invalid(problems);
        }
        try {
            return json.readerFor(ChallengeDefinition.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    // a count or limit of 1.5 is a mistake, not 1
                    .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT).readValue(labelsAsObjects(body));
        } catch (JacksonException e) {
            // a safety net: the shape check above refuses whatever the binding would (unknown fields,
            // types, instants), so this is reached only if the two ever drift apart; a 400 all the same
            throw ChallengeException.invalid(path(e) + " does not have a value of the expected type.");
        }
    }

    /** The JSON tree as the shared shape check reads it: maps, lists, strings, booleans, null, numbers. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                map.put(field.getKey(), plain(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return null;
    }

    /**
     * A label may be written as its name alone ({@code "Edema"}), as before training counts
     * existed, or as {@code {"name": "Edema", "trainingCount": 37256}}: names become objects here.
     */
    private static JsonNode labelsAsObjects(JsonNode body) {
        JsonNode tasks = body.get("tasks");
        if (tasks == null || !tasks.isArray()) {
            return body;
        }
        ObjectNode copy = (ObjectNode) body.deepCopy();
        for (JsonNode task : copy.get("tasks")) {
            JsonNode labels = task.get("labels");
            if (labels instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isString()) {
                        array.set(i, array.objectNode().put("name", array.get(i).asString()));
                    }
                }
            }
        }
        return copy;
    }

    /** {@code tasks[0].phases[1].maxPerDay}, from where Jackson stopped. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "The definition" : path.toString();
    }

    /** What a PATCH names; every field read with a message naming it when its value is wrong. */
    private record PhaseChange(JsonNode body) {

        private static final Set<String> FIELDS = Set.of("opensAt", "closesAt", "maxPerDay", "maxTotal",
                "maxInFlight", "paused", "selection", "visibility", "labelScoresVisible", "factSheet");

        /** The change, with every unknown field and wrong value refused at once (400, each in {@code errors}). */
        static PhaseChange of(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw ChallengeException.invalid("The request body must be a JSON object of the fields to change.");
            }
            List<String> problems = new ArrayList<>();
            boolean unknown = false;
            PhaseChange change = new PhaseChange(body);
            Set<String> wrong = new java.util.HashSet<>();
            for (String name : body.propertyNames()) {
                if (!FIELDS.contains(name)) {
                    problems.add("A phase has no field '" + name + "'.");
                    unknown = true;
                    continue;
                }
                try { // each field alone, on the defaults: its own problem, whatever the others'
                    change.only(name).applyTo(new PhaseSettings(Instant.EPOCH, null, PhaseRules.DEFAULT));
                } catch (ChallengeException e) {
                    problems.add(e.getBody().getDetail());
                    wrong.add(name);
                }
            }
            if (change.has("opensAt") && !wrong.contains("opensAt") && !wrong.contains("closesAt")) {
                // the schedule as far as the body gives it, reported with the rest (a closesAt left
                // out is the phase's own, checked when the change is applied)
                problems.addAll(PhaseSettings.scheduleProblems(change.instant("opensAt"),
                        change.has("closesAt") ? change.instant("closesAt") : null));
            }
            if (!problems.isEmpty()) { // the fields there are said once, not per unknown field
                throw ChallengeException.invalid(problems, unknown
                        ? "A phase's fields are " + String.join(", ", new TreeSet<>(FIELDS)) + "." : null);
            }
            change.applyTo(new PhaseSettings(Instant.EPOCH, null, PhaseRules.DEFAULT)); // together
            return change;
        }

        private PhaseChange only(String field) {
            ObjectNode one = (ObjectNode) body.deepCopy();
            one.retain(field);
            return new PhaseChange(one);
        }

        PhaseSettings applyTo(PhaseSettings current) {
            PhaseRules rules = current.rules();
            return new PhaseSettings(
                    has("opensAt") ? instant("opensAt") : current.opensAt(),
                    has("closesAt") ? instant("closesAt") : current.closesAt(),
                    new PhaseRules(
                            has("maxPerDay") ? limit("maxPerDay") : rules.maxPerDay(),
                            has("maxTotal") ? limit("maxTotal") : rules.maxTotal(),
                            has("maxInFlight") ? limit("maxInFlight") : rules.maxInFlight(),
                            has("paused") ? flag("paused", PhaseRules.DEFAULT.paused()) : rules.paused(),
                            has("selection") ? choice("selection", Selection.class, PhaseRules.DEFAULT.selection())
                                    : rules.selection(),
                            has("visibility") ? choice("visibility", Visibility.class,
                                    PhaseRules.DEFAULT.visibility()) : rules.visibility(),
                            has("labelScoresVisible")
                                    ? flag("labelScoresVisible", PhaseRules.DEFAULT.labelScoresVisible())
                                    : rules.labelScoresVisible(),
                            has("factSheet") ? choice("factSheet", FactSheetPolicy.class,
                                    PhaseRules.DEFAULT.factSheet()) : rules.factSheet()));
        }

        private boolean has(String field) {
            return body.has(field);
        }

        private Instant instant(String field) {
            JsonNode value = body.get(field);
            if (value.isNull()) {
                return null;
            }
            try {
                Instant instant = Instant.parse(value.asString());
                String refusal = JsonInputChecks.instantRefusal(instant);
                if (refusal != null) {
                    throw ChallengeException.invalid(field + " " + refusal + ".");
                }
                return instant;
            } catch (DateTimeParseException e) {
                throw ChallengeException.invalid(field + " must be an instant such as \"2024-08-01T00:00:00Z\", not "
                        + value + ".");
            }
        }

        private Integer limit(String field) {
            JsonNode value = body.get(field);
            if (value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber()) {
                throw ChallengeException.invalid(field + " must be a whole number (or null for no limit), not "
                        + value + ".");
            }
            if (!value.canConvertToInt()) { // as a definition's PUT says it
                throw ChallengeException.invalid(field + " must be a whole number up to " + Integer.MAX_VALUE
                        + ", not " + value + ".");
            }
            return value.intValue();
        }

        /** The value named; null sets the default, as a definition's PUT does for a field left null. */
        private <E extends Enum<E>> E choice(String field, Class<E> type, E byDefault) {
            return body.get(field).isNull() ? byDefault : PhaseRules.parse(field, text(field), type);
        }

        /** true or false; null sets the default, as a definition's PUT does. */
        private boolean flag(String field, boolean byDefault) {
            JsonNode value = body.get(field);
            if (value.isNull()) {
                return byDefault;
            }
            if (!value.isBoolean()) {
                throw ChallengeException.invalid(field + " must be true or false, not " + value + ".");
            }
            return value.booleanValue();
        }

        private String text(String field) {
            JsonNode value = body.get(field);
            return value.isString() ? value.asString() : value.toString();
        }
    }
}
