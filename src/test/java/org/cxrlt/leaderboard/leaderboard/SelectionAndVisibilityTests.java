package org.cxrlt.leaderboard.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class SelectionAndVisibilityTests extends ServiceTests {

    @Test
    void bestLatestAndChosenPickTheSubmissionThatStandsForTheTeam() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant team = api().approved(arena, "Selector");
        long good = scored(arena, team, 0.9, 21);
        long worse = scored(arena, team, 0.1, 22);
        double goodMap = api().submission(team.token(), good).at("/scores/mAP").asDouble();
        double worseMap = api().submission(team.token(), worse).at("/scores/mAP").asDouble();
        assertThat(goodMap).isGreaterThan(worseMap);

        assertThat(entry(arena, null).get("submissionId").asLong()).isEqualTo(good);
        arena.patchPhase("{\"selection\":\"LATEST\"}").andExpect(status().isOk());
        assertThat(entry(arena, null).get("submissionId").asLong()).isEqualTo(worse);
        arena.patchPhase("{\"selection\":\"CHOSEN\"}").andExpect(status().isOk());
        assertThat(entry(arena, null).get("submissionId").asLong()).as("its best until it chooses").isEqualTo(good);
        mvc.perform(put("/api/v1/submissions/" + worse + "/selected").header("Authorization", bearer(team.token())))
                .andExpect(status().isOk());
        assertThat(entry(arena, null).get("submissionId").asLong()).isEqualTo(worse);
        assertThat(entry(arena, null).at("/scores/mAP").asDouble()).isEqualTo(worseMap);
    }

    @Test
    void aHiddenLeaderboardShowsEntriesWithoutScoresUntilThePhaseCloses() throws Exception {
        Arena arena = Arena.create(mvc, "\"visibility\":\"HIDDEN_UNTIL_CLOSE\"");
        Participant team = api().approved(arena, "Hidden");
        long id = scored(arena, team, 0.7, 23);

        String publicTag = mvc.perform(get(arena.phase() + "/leaderboard").header("Authorization", bearer(team.token())))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("public")))
                .andExpect(jsonPath("$.entries[0].team").value(team.team()))
                .andExpect(jsonPath("$.entries[0].rank").isEmpty())
                .andExpect(jsonPath("$.entries[0].scores").isEmpty())
                .andExpect(jsonPath("$.entries[0].groups").isEmpty())
                .andReturn().getResponse().getHeader("ETag");
        mvc.perform(get(arena.phase() + "/leaderboard?format=csv"))
                .andExpect(content().string(org.hamcrest.Matchers.startsWith("team,submissions,baseline\r\n")))
                .andExpect(content().string(org.hamcrest.Matchers.matchesPattern(
                        "team,submissions,baseline\r\n[^\r\n]+,1,false\r\n")));
        String organizerTag = mvc.perform(get(arena.phase() + "/leaderboard")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("private")))
                .andExpect(header().stringValues("Vary", org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.containsString("Authorization"))))
                .andExpect(jsonPath("$.entries[0].rank").value(1))
                .andExpect(jsonPath("$.entries[0].scores.mAP").isNumber())
                .andReturn().getResponse().getHeader("ETag");
        assertThat(organizerTag).isNotEqualTo(publicTag);
        // Each audience revalidates its own copy; one audience's tag never matches the other's copy.
        mvc.perform(get(arena.phase() + "/leaderboard").header("If-None-Match", publicTag))
                .andExpect(status().isNotModified());
        mvc.perform(get(arena.phase() + "/leaderboard").header("If-None-Match", organizerTag))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[0].scores").isEmpty());

        arena.patchPhase("{\"closesAt\":\"2025-01-01T00:00:00Z\"}").andExpect(status().isOk());
        mvc.perform(get(arena.phase() + "/leaderboard").header("If-None-Match", publicTag))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[0].submissionId").value(id))
                .andExpect(jsonPath("$.entries[0].rank").value(1))
                .andExpect(jsonPath("$.entries[0].scores.mAP").isNumber());
    }

    @Test
    void anOrganizersOnlyLeaderboardIsRefusedToOthers() throws Exception {
        Arena arena = Arena.create(mvc, "\"visibility\":\"ORGANIZERS_ONLY\"");
        Participant team = api().approved(arena, "Kept out");
        scored(arena, team, 0.6, 24);
        String detail = "The leaderboard of phase 'p' of t in " + arena.slug + " is shown to organizers only.";
        mvc.perform(get(arena.phase() + "/leaderboard"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
        mvc.perform(get(arena.phase() + "/leaderboard").header("Authorization", bearer(team.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(detail));
        mvc.perform(get(arena.phase() + "/leaderboard").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[0].team").value(team.team()));
    }

    @Test
    void perLabelScoresCanBeHiddenFromParticipantsWhileThePhaseRuns() throws Exception {
        Arena arena = Arena.create(mvc, "\"labelScoresVisible\":false");
        Participant team = api().approved(arena, "No labels");
        long id = scored(arena, team, 0.6, 25);
        JsonNode own = api().submission(team.token(), id);
        assertThat(own.get("labels").isNull()).isTrue();
        assertThat(own.at("/scores/mAP").isNumber()).isTrue();
        assertThat(api().submission(ORGANIZER_TOKEN, id).get("labels").size()).isEqualTo(26);

        arena.patchPhase("{\"closesAt\":\"2025-01-01T00:00:00Z\"}").andExpect(status().isOk());
        assertThat(api().submission(team.token(), id).get("labels").size()).isEqualTo(26);
    }

    private long scored(Arena arena, Participant team, double skill, long seed) throws Exception {
        long id = json(arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, skill, seed))
                .andExpect(status().isAccepted())).get("id").asLong();
        assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
        return id;
    }

    private JsonNode entry(Arena arena, String token) throws Exception {
        var request = get(arena.phase() + "/leaderboard");
        if (token != null) {
            request.header("Authorization", bearer(token));
        }
        JsonNode board = json(mvc.perform(request).andExpect(status().isOk()));
        assertThat(board.get("entries").size()).isEqualTo(1);
        return board.get("entries").get(0);
    }
}
