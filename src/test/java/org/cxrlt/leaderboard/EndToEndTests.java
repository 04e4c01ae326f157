package org.cxrlt.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The whole path a team and the organizers take, from registration to the leaderboard. */
class EndToEndTests extends ServiceTests {

    @Test
    void registerApproveUploadKeySubmitScoreAndRank() throws Exception {
        // A participant registers and waits for approval.
        JsonNode registration = json(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Grace\",\"email\":\"grace@example.org\",\"team\":\"Strong team\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING")));
        String strong = registration.get("token").asString();
        long participantId = registration.get("participantId").asLong();

        // The organizer approves it and loads the task-1 answer key.
        mvc.perform(post("/api/v1/admin/registrations/" + participantId + "/approve")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
        SyntheticData task1 = AnswerKeysForTests.TASK1;
        Integer loaded = jdbc.queryForObject("select count(*) from phase p join task t on t.id = p.task_id where "
                + "t.slug = 'task1' and p.slug = 'development' and p.active_answer_key_id is not null", Integer.class);
        if (loaded == 0) {
            api().uploadAnswerKey("task1", "development", Api.answerKey(task1))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.rows").value(AnswerKeysForTests.TASK1_ROWS))
                    .andExpect(jsonPath("$.positives.Adenopathy").isNumber());
        }
        mvc.perform(get("/api/v1/challenges/cxr-lt-2024"))
                .andExpect(jsonPath("$.tasks[0].phases[0].answerKeyLoaded").value(true));

        // Two teams submit; the stronger predictions must rank first.
        String weak = api().approved("Weak team").token();
        long strongId = submit(strong, Api.predictions(task1, 0.9, 1));
        long weakId = submit(weak, Api.predictions(task1, 0.1, 2));

        JsonNode strongResult = api().awaitScoring(strong, strongId);
        JsonNode weakResult = api().awaitScoring(weak, weakId);
        assertThat(strongResult.get("status").asString()).isEqualTo("SCORED");
        assertThat(weakResult.get("status").asString()).isEqualTo("SCORED");
        assertThat(strongResult.get("labels").size()).isEqualTo(40);
        double strongMap = strongResult.at("/scores/mAP").asDouble();
        assertThat(strongMap).isGreaterThan(weakResult.at("/scores/mAP").asDouble());

        JsonNode leaderboard = json(mvc.perform(get(Api.phasePath("task1", "development") + "/leaderboard"))
                .andExpect(status().isOk()));
        List<Long> ranked = new ArrayList<>();
        leaderboard.get("entries").forEach(entry -> ranked.add(entry.get("submissionId").asLong()));
        assertThat(ranked).containsSubsequence(strongId, weakId);
        JsonNode strongEntry = leaderboard.get("entries").get(ranked.indexOf(strongId));
        assertThat(strongEntry.get("team").asString()).isEqualTo("Strong team");
        assertThat(strongEntry.at("/scores/mAP").asDouble()).isEqualTo(strongMap);
    }

    private long submit(String token, byte[] predictions) throws Exception {
        return json(api().submit(token, "task1", "development", predictions).andExpect(status().isAccepted()))
                .get("id").asLong();
    }
}
