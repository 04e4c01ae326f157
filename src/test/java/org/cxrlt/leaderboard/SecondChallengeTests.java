package org.cxrlt.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.LabelGroup;
import org.cxrlt.leaderboard.evaluation.LabelGroups;
import org.cxrlt.leaderboard.evaluation.LabelScore;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * A second challenge beside CXR-LT 2024, defined through the API with terms of its own: a
 * synthetic {@code cxr-lt-2026-demo} of 30 labels with training counts and 6 unseen ones, its own
 * group thresholds and an {@code image_id} column; scored end to end with its own groups.
 */
class SecondChallengeTests extends ServiceTests {

    private static final int KNOWN = 30;
    private static final int UNSEEN = 6;
    private static final long TRAINING_IMAGES = 120_000;
    private static final long HEAD_ABOVE = 12_000;
    private static final long TAIL_BELOW = 1_500;

    @Test
    void aSecondChallengeIsScoredWithItsOwnIdColumnAndGroups() throws Exception {
        // a slug of its own per run: the test database is shared by the test classes
        String slug = "cxr-lt-2026-demo-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> labels = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        StringBuilder labelJson = new StringBuilder();
        for (int i = 0; i < KNOWN; i++) {
            String label = "Finding %02d".formatted(i + 1);
            long count = Math.round(40_000 * Math.pow(0.8, i)); // long-tailed: 40,000 down to about 62
            labels.add(label);
            counts.put(label, count);
            labelJson.append(labelJson.isEmpty() ? "" : ",")
                    .append("{\"name\":\"").append(label).append("\",\"trainingCount\":").append(count).append('}');
        }
        for (int i = 0; i < UNSEEN; i++) {
            String label = "Unseen " + (char) ('A' + i);
            labels.add(label);
            labelJson.append(",\"").append(label).append('"');
        }
        String definition = """
                {"title":"CXR-LT 2026 (synthetic demo)","idColumn":"image_id","trainingImages":%d,
                 "groupRule":{"headAbove":%d,"tailBelow":%d},"metricsShown":["mAP","mAUROC"],
                 "tasks":[{"slug":"main","title":"30 known and 6 unseen labels","labels":[%s],
                   "phases":[{"slug":"development","opensAt":"2026-01-01T00:00:00Z"}]}]}
                """.formatted(TRAINING_IMAGES, HEAD_ABOVE, TAIL_BELOW, labelJson);
        mvc.perform(put("/api/v1/admin/challenges/" + slug).header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content(definition))
                .andExpect(status().isCreated());

        // the groups the test expects, computed here from the counts and the thresholds
        Map<String, LabelGroup> expectedGroups = new LinkedHashMap<>();
        counts.forEach((label, count) -> expectedGroups.put(label,
                count > HEAD_ABOVE ? LabelGroup.HEAD : count < TAIL_BELOW ? LabelGroup.TAIL : LabelGroup.MEDIUM));
        JsonNode challenge = Api.json(mvc.perform(get("/api/v1/challenges/" + slug)).andExpect(status().isOk()));
        assertThat(challenge.get("idColumn").asString()).isEqualTo("image_id");
        assertThat(names(challenge.at("/tasks/0/groups/head"))).containsExactlyElementsOf(members(expectedGroups,
                LabelGroup.HEAD));
        assertThat(names(challenge.at("/tasks/0/groups/medium"))).containsExactlyElementsOf(members(expectedGroups,
                LabelGroup.MEDIUM));
        assertThat(names(challenge.at("/tasks/0/groups/tail"))).containsExactlyElementsOf(members(expectedGroups,
                LabelGroup.TAIL));
        assertThat(members(expectedGroups, LabelGroup.HEAD)).hasSize(6);
        assertThat(members(expectedGroups, LabelGroup.MEDIUM)).hasSize(9);
        assertThat(members(expectedGroups, LabelGroup.TAIL)).hasSize(15);

        Map<String, Double> prevalences = new LinkedHashMap<>();
        counts.forEach((label, count) -> prevalences.put(label, (double) count / TRAINING_IMAGES));
        SyntheticData data = SyntheticData.create("image_id", labels, prevalences, 2_000, 2026);
        byte[] key = Api.answerKey(data);
        byte[] predictions = Api.predictions(data, 0.6, 7);
        assertThat(new String(key, 0, 9)).isEqualTo("image_id,");
        String phase = "/challenges/" + slug + "/tasks/main/phases/development";
        mvc.perform(multipart(HttpMethod.PUT, "/api/v1/admin" + phase + "/answer-key")
                        .file(new MockMultipartFile("file", "key.csv", "text/csv", key))
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());

        Api.Participant team = api().approved("Twenty-six", slug);
        // a file with CXR-LT 2024's id column is refused at once, naming the column this challenge wants
        byte[] wrongColumn = ("dicom_id" + new String(predictions, java.nio.charset.StandardCharsets.UTF_8)
                .substring("image_id".length())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String refusal = mvc.perform(multipart("/api/v1" + phase + "/submissions")
                        .file(new MockMultipartFile("file", "predictions.csv", "text/csv", wrongColumn))
                        .header("Authorization", bearer(team.token())))
                .andExpect(status().isUnprocessableEntity())
                .andReturn().getResponse().getContentAsString();
        assertThat(refusal).contains("image_id");

        JsonNode accepted = Api.json(mvc.perform(multipart("/api/v1" + phase + "/submissions")
                        .file(new MockMultipartFile("file", "predictions.csv", "text/csv", predictions))
                        .header("Authorization", bearer(team.token())))
                .andExpect(status().isAccepted()));
        JsonNode scored = api().awaitScoring(team.token(), accepted.get("id").asLong());
        assertThat(scored.get("status").asString()).as(scored.toString()).isEqualTo("SCORED");

        // the same file scored here with the groups computed in the test: every number equal
        AnswerKey answerKey = AnswerKey.read(new ByteArrayInputStream(key), "image_id", labels, ReadLimits.DEFAULT);
        Scores expected = Evaluator.score(answerKey, Submission.read(new ByteArrayInputStream(predictions),
                answerKey, ReadLimits.DEFAULT), LabelGroups.of(expectedGroups));
        assertThat(scored.at("/scores/mAP").asDouble()).isEqualTo(expected.mAP());
        assertThat(scored.at("/groups/head").asDouble()).isEqualTo(expected.groups().head());
        assertThat(scored.at("/groups/medium").asDouble()).isEqualTo(expected.groups().medium());
        assertThat(scored.at("/groups/tail").asDouble()).isEqualTo(expected.groups().tail());
        // and each group mean is the mean AP of its labels, the unseen labels in none
        for (LabelGroup group : LabelGroup.values()) {
            double sum = 0;
            int n = 0;
            for (LabelScore label : expected.labels()) {
                if (expectedGroups.get(label.label()) == group) {
                    sum += label.ap();
                    n++;
                }
            }
            assertThat(scored.at("/groups/" + group.key()).asDouble()).isCloseTo(sum / n,
                    org.assertj.core.data.Offset.offset(1e-12));
        }

        JsonNode board = Api.json(mvc.perform(get("/api/v1" + phase + "/leaderboard")).andExpect(status().isOk()));
        JsonNode entry = board.at("/entries/0");
        assertThat(entry.get("team").asString()).isEqualTo(team.team());
        assertThat(entry.at("/groups/head").asDouble()).isEqualTo(expected.groups().head());
        assertThat(entry.at("/groups/tail").asDouble()).isEqualTo(expected.groups().tail());
        // only the metrics the definition shows: mAP and mAUROC
        assertThat(names(board.get("metricsShown"))).containsExactly("mAP", "mAUROC");
        assertThat(entry.at("/scores/mAUROC").asDouble()).isEqualTo(expected.mAUROC());
        assertThat(entry.at("/scores/mF1").isMissingNode() || entry.at("/scores/mF1").isNull()).isTrue();
        String csv = mvc.perform(get("/api/v1" + phase + "/leaderboard").param("format", "csv"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(csv.lines().findFirst().orElseThrow().replace("\uFEFF", ""))
                .isEqualTo("rank,team,submissionId,submittedAt,mAP,mAUROC,head,medium,tail,submissions,baseline,method");
        String page = mvc.perform(get(phase)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("data-key=\"mAUROC\"").doesNotContain("data-key=\"mF1\"")
                .doesNotContain("data-key=\"mECE\"");
        String challengePage = mvc.perform(get("/challenges/" + slug)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(challengePage).contains("<code id=\"id-column\">image_id</code>")
                .contains("<span id=\"metrics-shown\">mAUROC and </span>")
                .contains(String.join(", ", members(expectedGroups, LabelGroup.HEAD)));
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asString()));
        return names;
    }

    private static List<String> members(Map<String, LabelGroup> groups, LabelGroup group) {
        return groups.entrySet().stream().filter(e -> e.getValue() == group).map(Map.Entry::getKey).toList();
    }
}
