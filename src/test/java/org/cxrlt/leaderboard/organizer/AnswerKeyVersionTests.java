package org.cxrlt.leaderboard.organizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.OrganizerApi;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.cxrlt.leaderboard.support.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Answer keys are versioned; scores are kept per version and the leaderboard reads the active one's. */
class AnswerKeyVersionTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);

    private Stage stage;
    private OrganizerApi organizer;
    private SyntheticData data;
    private byte[] firstKey;

    @BeforeEach
    void stage() throws Exception {
        stage = Stage.create(jdbc, CxrLt2024.TASK2_LABELS, Instant.parse("2024-08-01T00:00:00Z"),
                Instant.parse("2099-01-01T00:00:00Z"));
        organizer = new OrganizerApi(mvc, stage);
        data = CxrLt2024.synthetic(CxrLt2024.TASK2_LABELS, 406, 31);
        firstKey = Api.answerKey(data);
        organizer.uploadAnswerKey("development", firstKey).andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(1));
    }

    @Test
    void aNewKeyKeepsTheOldAndTheLeaderboardSwitchesToItsScoresAfterARescore() throws Exception {
        Participant team = api().approved("Versioned", stage.challenge());
        long id = json(organizer.submit(team.token(), "development", Api.predictions(data, 0.7, 3))
                .andExpect(status().isAccepted())).get("id").asLong();
        double firstMap = api().awaitScoring(team.token(), id).at("/scores/mAP").asDouble();
        String leaderboard = stage.path("development") + "/leaderboard";
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].scores.mAP").value(firstMap));

        organizer.uploadAnswerKey("development", OrganizerApi.shiftedTruth(firstKey)).andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2));

        // No score against version 2 yet: nothing ranks, and the submission keeps its old score.
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries.length()").value(0));
        JsonNode versions = json(mvc.perform(get(stage.admin("development") + "/answer-keys")
                .header("Authorization", ADMIN)).andExpect(status().isOk()));
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(0).get("active").asBoolean()).isTrue();
        assertThat(versions.get(0).get("uploadedBy").asString()).isEqualTo("admin");
        assertThat(versions.get(0).get("rows").asInt()).isEqualTo(406);
        assertThat(versions.get(0).at("/positives/Atelectasis").asInt())
                .isEqualTo(versions.get(1).at("/positives/Atelectasis").asInt()).isPositive();
        assertThat(versions.get(0).get("uploadedAt").isNull()).isFalse();
        assertThat(versions.get(1).get("active").asBoolean()).isFalse();

        mvc.perform(post(stage.admin("development") + "/rescore").header("Authorization", ADMIN))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.requeued").value(1));
        double secondMap = api().awaitScoring(team.token(), id).at("/scores/mAP").asDouble();
        assertThat(secondMap).isNotEqualTo(firstMap);
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].scores.mAP").value(secondMap));
        assertThat(jdbc.queryForObject("select count(*) from score where submission_id = ?", Integer.class, id))
                .as("the score against version 1 is kept").isEqualTo(2);

        // Back to version 1: its kept scores count again without a rescore.
        mvc.perform(post(stage.admin("development") + "/answer-keys/1/activate").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.active").value(true));
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].scores.mAP").value(firstMap));

        JsonNode audit = json(mvc.perform(get("/api/v1/admin/audit").param("action", "answer-key.activate")
                .param("size", "100").header("Authorization", ADMIN)));
        JsonNode activation = find(audit, stage.challenge() + "/staged/development");
        assertThat(activation.at("/before/activeVersion").asInt()).isEqualTo(2);
        assertThat(activation.at("/after/activeVersion").asInt()).isEqualTo(1);
        JsonNode rescore = find(json(mvc.perform(get("/api/v1/admin/audit").param("action", "phase.rescore")
                .param("size", "100").header("Authorization", ADMIN))), stage.challenge() + "/staged/development");
        assertThat(rescore.at("/after/requeued").asInt()).isEqualTo(1);
        assertThat(rescore.at("/after/answerKeyVersion").asInt()).isEqualTo(2);
        JsonNode upload = find(json(mvc.perform(get("/api/v1/admin/audit").param("action", "answer-key.upload")
                .param("size", "100").header("Authorization", ADMIN))), stage.challenge() + "/staged/development");
        assertThat(upload.get("actor").asString()).isEqualTo("admin");
        assertThat(upload.at("/before/activeVersion").asInt()).isEqualTo(1);
        assertThat(upload.at("/after/activeVersion").asInt()).isEqualTo(2);
        assertThat(upload.at("/after/rows").asInt()).isEqualTo(406);
    }

    @Test
    void activatingAnUnknownOrTheActiveVersionIsRefused() throws Exception {
        mvc.perform(post(stage.admin("development") + "/answer-keys/7/activate").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("The phase 'development' of staged in " + stage.challenge()
                        + " has no answer key version 7."));
        mvc.perform(post(stage.admin("development") + "/answer-keys/1/activate").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Answer key version 1 is already the active one of the phase "
                        + "'development' of staged in " + stage.challenge() + "."));
    }

    @Test
    void aPhaseWithoutAnswerKeyCannotBeRescored() throws Exception {
        mvc.perform(post(stage.admin("test") + "/rescore").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The phase 'test' of staged in " + stage.challenge()
                        + " has no answer key, so nothing can be rescored."));
    }

    @Test
    void answerKeyVersionsAreForOrganizersOnly() throws Exception {
        Participant team = api().approved("Curious", stage.challenge());
        mvc.perform(get(stage.admin("development") + "/answer-keys").header("Authorization", bearer(team.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));
    }

    static JsonNode find(JsonNode page, String target) {
        for (JsonNode entry : page.get("items")) {
            if (target.equals(entry.get("target").asString())) {
                return entry;
            }
        }
        throw new AssertionError("no audit entry for " + target + " in " + page);
    }
}
