package org.cxrlt.leaderboard.challenge;

import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

/** The challenge-specific terms of a definition: id column, training counts and groups, group rule, metrics shown. */
class ChallengeDefinitionTests extends ServiceTests {

    @Test
    void theSeededChallengeCarriesCxrLt2024sTerms() throws Exception {
        mvc.perform(get("/api/v1/challenges/cxr-lt-2024"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.idColumn").value("dicom_id"))
                .andExpect(jsonPath("$.trainingImages").value(258871))
                .andExpect(jsonPath("$.groupRule.headAbove").value(25887))
                .andExpect(jsonPath("$.groupRule.tailBelow").value(2589))
                .andExpect(jsonPath("$.metricsShown").value(contains("mAP", "mAUROC", "mF1", "mECE")))
                .andExpect(jsonPath("$.tasks[0].labelDefinitions[0].name").value("Adenopathy"))
                .andExpect(jsonPath("$.tasks[0].labelDefinitions[0].trainingCount").value(3409))
                // the split participants use: 9 head, 15 medium and 16 tail labels in task 1
                .andExpect(jsonPath("$.tasks[0].groups.head", hasSize(9)))
                .andExpect(jsonPath("$.tasks[0].groups.medium", hasSize(15)))
                .andExpect(jsonPath("$.tasks[0].groups.tail", hasSize(16)))
                .andExpect(jsonPath("$.tasks[0].groups.head[0]").value("Atelectasis"))
                .andExpect(jsonPath("$.tasks[0].groups.tail[0]").value("Azygos Lobe"))
                // zero-shot labels have no training count, so no group
                .andExpect(jsonPath("$.tasks[2].labelDefinitions[0].trainingCount").doesNotExist())
                .andExpect(jsonPath("$.tasks[2].groups.head", empty()))
                .andExpect(jsonPath("$.tasks[2].groups.medium", empty()))
                .andExpect(jsonPath("$.tasks[2].groups.tail", empty()));
    }

    @Test
    void aDefinitionOfNamesAloneTakesTheDefaultsAndHasNoGroups() throws Exception {
        String slug = slug();
        define(slug, """
                {"tasks":[{"slug":"t","labels":["Edema","Mass"],"phases":[{"slug":"p","opensAt":"2024-01-01T00:00:00Z"}]}]}
                """).andExpect(status().isCreated())
                .andExpect(jsonPath("$.idColumn").value("dicom_id"))
                .andExpect(jsonPath("$.groupRule.headAbove").value(25887))
                .andExpect(jsonPath("$.metricsShown").value(contains("mAP", "mAUROC", "mF1", "mECE")))
                .andExpect(jsonPath("$.tasks[0].labels").value(contains("Edema", "Mass")))
                .andExpect(jsonPath("$.tasks[0].groups.head", empty()))
                .andExpect(jsonPath("$.tasks[0].groups.tail", empty()));
    }

    @Test
    void groupsComeFromCountsByTheRuleOrAreGivenOutright() throws Exception {
        String slug = slug();
        define(slug, """
                {"idColumn":"image_id","groupRule":{"headAbove":100,"tailBelow":10},"metricsShown":["mAP","mF1"],
                 "tasks":[{"slug":"t","labels":[{"name":"A","trainingCount":101},{"name":"B","trainingCount":100},
                   {"name":"C","trainingCount":10},{"name":"D","trainingCount":9},{"name":"E","group":"tail"},
                   {"name":"F","group":"none"},"G"],
                  "phases":[{"slug":"p","opensAt":"2024-01-01T00:00:00Z"}]}]}
                """).andExpect(status().isCreated());
        mvc.perform(get("/api/v1/challenges/" + slug))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.idColumn").value("image_id"))
                .andExpect(jsonPath("$.trainingImages").doesNotExist())
                .andExpect(jsonPath("$.metricsShown").value(contains("mAP", "mF1")))
                .andExpect(jsonPath("$.tasks[0].groups.head").value(contains("A")))
                .andExpect(jsonPath("$.tasks[0].groups.medium").value(contains("B", "C")))
                .andExpect(jsonPath("$.tasks[0].groups.tail").value(contains("D", "E")))
                .andExpect(jsonPath("$.tasks[0].labelDefinitions[4].group").value("tail"))
                .andExpect(jsonPath("$.tasks[0].labelDefinitions[5].group").value("none"))
                .andExpect(jsonPath("$.tasks[0].labelDefinitions[6].name").value("G"));
        // a count corrected later moves the label
        define(slug, """
                {"idColumn":"image_id","groupRule":{"headAbove":100,"tailBelow":10},"metricsShown":["mAP","mF1"],
                 "tasks":[{"slug":"t","labels":[{"name":"A","trainingCount":5},"B","C","D","E","F","G"],
                  "phases":[{"slug":"p","opensAt":"2024-01-01T00:00:00Z"}]}]}
                """).andExpect(status().isOk())
                .andExpect(jsonPath("$.tasks[0].groups.head", empty()))
                .andExpect(jsonPath("$.tasks[0].groups.tail").value(contains("A")));
    }

    @Test
    void anUnknownMetricIsRefused() throws Exception {
        refused("\"metricsShown\":[\"mAP\",\"accuracy\"]", labels("\"A\""),
                "metricsShown[1] 'accuracy' is not a metric: the metrics are mAP, mAUROC, mF1, mECE.");
    }

    @Test
    void mapMustBeShownFirst() throws Exception {
        refused("\"metricsShown\":[\"mAUROC\",\"mAP\"]", labels("\"A\""),
                "metricsShown must begin with mAP: it is always shown, and ranks the leaderboard.");
        refused("\"metricsShown\":[]", labels("\"A\""),
                "metricsShown must list the metrics shown, mAP first (of mAP, mAUROC, mF1, mECE).");
        refused("\"metricsShown\":[\"mAP\",\"mF1\",\"mF1\"]", labels("\"A\""),
                "metricsShown[2] 'mF1' is listed twice.");
        refused("\"metricsShown\":[\"mAP\",null]", labels("\"A\""),
                "metricsShown[1] null is not a metric: the metrics are mAP, mAUROC, mF1, mECE.");
    }

    @Test
    void aNegativeTrainingCountIsRefused() throws Exception {
        refused("", labels("{\"name\":\"A\",\"trainingCount\":-3}"),
                "tasks[0].labels[0].trainingCount must be 0 or more, not -3.");
    }

    @Test
    void aTrainingCountMustBeAWholeNumber() throws Exception {
        refused("", labels("{\"name\":\"A\",\"trainingCount\":1.5}"),
                "tasks[0].labels[0].trainingCount must be a whole number, not 1.5.");
        refused("", labels("{\"name\":\"A\",\"trainingCount\":\"many\"}"),
                "tasks[0].labels[0].trainingCount must be a whole number, not \"many\".");
    }

    @Test
    void everyFieldOfAWrongTypeIsReportedAtOnce() throws Exception {
        String slug = slug();
        define(slug, """
                {"title":7,"trainingImages":"many","groupRule":{"headAbove":1.5,"tailBelow":2},"colour":"red",
                 "tasks":[{"slug":"t","labels":["A",{"name":"B","trainingCount":true},3],
                   "phases":[{"slug":"p","opensAt":"soon","maxPerDay":"5","paused":"yes","selection":["BEST"]}]}]}
                """)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors").value(contains(
                        "title must be a string, not 7.",
                        "trainingImages must be a whole number, not \"many\".",
                        "groupRule.headAbove must be a whole number, not 1.5.",
                        "colour is not a field of a challenge definition.",
                        "tasks[0].labels[1].trainingCount must be a whole number, not true.",
                        "tasks[0].labels[2] must be a label name or an object {\"name\", \"trainingCount\" or "
                                + "\"group\"}, not 3.",
                        "tasks[0].phases[0].opensAt must be an instant such as \"2024-08-01T00:00:00Z\", not \"soon\".",
                        "tasks[0].phases[0].maxPerDay must be a whole number (or null for no limit), not \"5\".",
                        "tasks[0].phases[0].paused must be true or false, not \"yes\".",
                        "tasks[0].phases[0].selection must be a string, not [\"BEST\"].")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "title must be a string, not 7. trainingImages must be a whole number, not \"many\". ")));
        mvc.perform(get("/api/v1/challenges/" + slug)).andExpect(status().isNotFound());
    }

    /** The command line refuses the same file with the same sentences (DefinitionOptionTests). */
    @Test
    void misspeltFieldsAndWholeNumbersWrittenWithAFractionAreRefused() throws Exception {
        define(slug(), """
                {"idColumn":"image_id","grupRule":{"headAbove":100,"tailBelow":10},
                 "groupRule":{"headAbove":100,"tailbelow":1},
                 "tasks":[{"slug":"main","labels":[{"name":5},{"name":"B","trainingCount":5.0}],
                   "phases":[{"slug":"p","opensAt":"+10000-01-01T00:00:00Z"}]}]}
                """)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors").value(contains(
                        "grupRule is not a field of a challenge definition.",
                        "groupRule.tailbelow is not a field of a challenge definition.",
                        "tasks[0].labels[0].name must be a string, not 5.",
                        "tasks[0].labels[1].trainingCount must be a whole number, not 5.0.",
                        "tasks[0].phases[0].opensAt must be an instant between the years 1 and 9999.")));
    }

    @Test
    void thousandsOfBadLabelsAndUnknownFieldsAreCountedNotAllListed() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            labels.append(i == 0 ? "" : ",").append("{\"name\":").append(i).append(",\"colour").append(i)
                    .append("\":1}");
        }
        String slug = slug();
        String answer = define(slug, "{" + labels(labels.toString()) + "}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors", hasSize(21)))
                .andExpect(jsonPath("$.errors[0]").value("tasks[0].labels[0].name must be a string, not 0."))
                .andExpect(jsonPath("$.errors[1]").value("tasks[0].labels[0].colour0 is not a field of a challenge "
                        + "definition."))
                .andExpect(jsonPath("$.errors[20]").value("... and 9980 more problems not listed (10000 in all)"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.endsWith(
                        " And 9980 more problems not listed (10000 in all).")))
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(answer.length()).isLessThan(6_000);
        mvc.perform(get("/api/v1/challenges/" + slug)).andExpect(status().isNotFound());
    }

    @Test
    void everyBrokenRuleOfTasksAndPhasesIsReportedAtOnce() throws Exception {
        String slug = slug();
        define(slug, """
                {"tasks":[{"slug":"T","labels":["A"],"phases":[{"slug":"p","opensAt":"2024-02-01T00:00:00Z",
                   "closesAt":"2024-01-01T00:00:00Z","maxTotal":-1,"visibility":"SECRET"},{"slug":"p"}]},
                  {"slug":"u","labels":[],"phases":[]}]}
                """)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors").value(contains(
                        "tasks[0].slug must be 1 to 63 lowercase letters, digits and hyphens, starting with a letter "
                                + "or digit, not 'T'.",
                        "tasks[0].phases[0].closesAt 2024-01-01T00:00:00Z is not after its opensAt "
                                + "2024-02-01T00:00:00Z: a phase must close after it opens.",
                        "tasks[0].phases[0].maxTotal must be 0 or more (or null for no limit), not -1.",
                        "tasks[0].phases[0].visibility must be one of PUBLIC, HIDDEN_UNTIL_CLOSE, ORGANIZERS_ONLY, "
                                + "not 'SECRET'.",
                        "tasks[0].phases[1].slug 'p' is used by two phases of task 'T'.",
                        "tasks[0].phases[1].opensAt is required.",
                        "tasks[1].labels must list the task's labels in column order: a task without labels has "
                                + "nothing to score.",
                        "tasks[1].phases must list at least one phase.")));
        mvc.perform(get("/api/v1/challenges/" + slug)).andExpect(status().isNotFound());
    }

    @Test
    void aGroupAndACountTogetherAreRefused() throws Exception {
        refused("", labels("{\"name\":\"A\",\"trainingCount\":30,\"group\":\"head\"}"),
                "tasks[0].labels[0] gives both a trainingCount and a group: give one (the count decides the group "
                        + "by the group rule), not both.");
    }

    @Test
    void anUnknownGroupIsRefused() throws Exception {
        refused("", labels("{\"name\":\"A\",\"group\":\"torso\"}"),
                "tasks[0].labels[0].group must be head, medium, tail or none, not 'torso'.");
    }

    @Test
    void aDuplicateLabelIsRefused() throws Exception {
        refused("", labels("\"Edema\",{\"name\":\"edema\",\"trainingCount\":4}"),
                "tasks[0].labels[1] 'edema' is listed twice.");
    }

    @Test
    void anEmptyIdColumnIsRefused() throws Exception {
        refused("\"idColumn\":\"\"", labels("\"A\""),
                "idColumn must name the id column of the CSV files (such as dicom_id), not be empty.");
        refused("\"idColumn\":\" image_id\"", labels("\"A\""),
                "idColumn ' image_id' must not begin or end with spaces.");
    }

    @Test
    void theIdColumnIsNoLabel() throws Exception {
        refused("\"idColumn\":\"image_id\"", labels("\"A\",\"image_id\""),
                "tasks[0].labels[1]: image_id is the id column, not a label.");
    }

    @Test
    void thresholdsOutOfOrderAreRefused() throws Exception {
        refused("\"groupRule\":{\"headAbove\":100,\"tailBelow\":500}", labels("\"A\""),
                "groupRule thresholds are out of order: tailBelow (500) must not be more than headAbove (100).");
        refused("\"groupRule\":{\"headAbove\":-1,\"tailBelow\":0}", labels("\"A\""),
                "groupRule.headAbove must be 0 or more, not -1.");
        refused("\"groupRule\":{\"headAbove\":100}", labels("\"A\""),
                "groupRule needs both headAbove and tailBelow (counts of training images).");
    }

    @Test
    void aCountAboveTheTrainingImagesIsRefused() throws Exception {
        refused("\"trainingImages\":100", labels("{\"name\":\"A\",\"trainingCount\":101}"),
                "tasks[0].labels[0].trainingCount 101 is more than trainingImages (100).");
        refused("\"trainingImages\":0", labels("\"A\""),
                "trainingImages must be more than 0 (or left out), not 0.");
    }

    @Test
    void everyProblemOfTheLabelsIsReportedAtOnce() throws Exception {
        refused("", labels("{\"name\":\"A\",\"trainingCount\":-1},{\"name\":\"B\",\"group\":\"x\"}"),
                "tasks[0].labels[0].trainingCount must be 0 or more, not -1. "
                        + "tasks[0].labels[1].group must be head, medium, tail or none, not 'x'.");
    }

    @Test
    void aMisspeltLabelFieldIsRefused() throws Exception {
        refused("", labels("{\"name\":\"A\",\"trainingCounts\":5}"),
                "tasks[0].labels[0].trainingCounts is not a field of a challenge definition.");
    }

    @Test
    void theIdColumnCannotChangeOnceAnAnswerKeyIsLoaded() throws Exception {
        String slug = slug();
        String task2Labels = String.join(",", org.cxrlt.leaderboard.evaluation.CxrLt2024.TASK2_LABELS.stream()
                .map(label -> "\"" + label + "\"").toList());
        define(slug, "{" + labels(task2Labels) + "}").andExpect(status().isCreated());
        mvc.perform(multipart(HttpMethod.PUT, "/api/v1/admin/challenges/" + slug + "/tasks/t/phases/p/answer-key")
                        .file(new MockMultipartFile("file", "key.csv", "text/csv", Api.answerKey(AnswerKeysForTests.TASK2)))
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
        define(slug, "{\"idColumn\":\"image_id\"," + labels(task2Labels) + "}")
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The id column of challenge '" + slug + "' cannot change from "
                        + "'dicom_id' to 'image_id': it already has answer keys or submissions, which were read with it."));
    }

    private static String labels(String labels) {
        return "\"tasks\":[{\"slug\":\"t\",\"labels\":[" + labels + "],"
                + "\"phases\":[{\"slug\":\"p\",\"opensAt\":\"2024-01-01T00:00:00Z\"}]}]";
    }

    private void refused(String terms, String tasks, String detail) throws Exception {
        String slug = slug();
        define(slug, "{" + (terms.isEmpty() ? "" : terms + ",") + tasks + "}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
        mvc.perform(get("/api/v1/challenges/" + slug)).andExpect(status().isNotFound());
    }

    private ResultActions define(String slug, String json) throws Exception {
        return mvc.perform(put("/api/v1/admin/challenges/" + slug).header("Authorization", bearer(ORGANIZER_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static String slug() {
        return "def-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
