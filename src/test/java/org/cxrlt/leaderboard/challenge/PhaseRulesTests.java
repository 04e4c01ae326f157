package org.cxrlt.leaderboard.challenge;

import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class PhaseRulesTests extends ServiceTests {

    @Test
    void organizersSetTheRulesAndTheChallengeShowsThem() throws Exception {
        Arena arena = Arena.create(mvc, "");
        mvc.perform(get("/api/v1/challenges/" + arena.slug))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tasks[0].phases[0].maxPerDay").isEmpty())
                .andExpect(jsonPath("$.tasks[0].phases[0].paused").value(false))
                .andExpect(jsonPath("$.tasks[0].phases[0].selection").value("BEST"))
                .andExpect(jsonPath("$.tasks[0].phases[0].visibility").value("PUBLIC"))
                .andExpect(jsonPath("$.tasks[0].phases[0].labelScoresVisible").value(true));

        arena.patchPhase("""
                        {"maxPerDay":5,"maxTotal":50,"maxInFlight":2,"paused":true,"selection":"CHOSEN",
                         "visibility":"HIDDEN_UNTIL_CLOSE","labelScoresVisible":false}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.maxPerDay").value(5))
                .andExpect(jsonPath("$.selection").value("CHOSEN"));
        mvc.perform(get("/api/v1/challenges/" + arena.slug))
                .andExpect(jsonPath("$.tasks[0].phases[0].maxPerDay").value(5))
                .andExpect(jsonPath("$.tasks[0].phases[0].maxTotal").value(50))
                .andExpect(jsonPath("$.tasks[0].phases[0].maxInFlight").value(2))
                .andExpect(jsonPath("$.tasks[0].phases[0].paused").value(true))
                .andExpect(jsonPath("$.tasks[0].phases[0].selection").value("CHOSEN"))
                .andExpect(jsonPath("$.tasks[0].phases[0].visibility").value("HIDDEN_UNTIL_CLOSE"))
                .andExpect(jsonPath("$.tasks[0].phases[0].labelScoresVisible").value(false))
                .andExpect(jsonPath("$.tasks[0].phases[0].opensAt").value("2024-01-01T00:00:00Z"));

        // Only what is named changes; null lifts a limit.
        arena.patchPhase("{\"maxPerDay\":null,\"paused\":false}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.maxPerDay").isEmpty())
                .andExpect(jsonPath("$.maxTotal").value(50))
                .andExpect(jsonPath("$.paused").value(false))
                .andExpect(jsonPath("$.visibility").value("HIDDEN_UNTIL_CLOSE"));
    }

    @Test
    void wrongRuleValuesAreRefusedNamingTheField() throws Exception {
        Arena arena = Arena.create(mvc, "");
        badRequest(arena.patchPhase("{\"maxPerDay\":-1}"),
                "maxPerDay must be 0 or more (or null for no limit), not -1.");
        badRequest(arena.patchPhase("{\"maxInFlight\":-3}"),
                "maxInFlight must be 0 or more (or null for no limit), not -3.");
        badRequest(arena.patchPhase("{\"selection\":\"RANDOM\"}"),
                "selection must be one of BEST, LATEST, CHOSEN, not 'RANDOM'.");
        badRequest(arena.patchPhase("{\"visibility\":\"SECRET\"}"),
                "visibility must be one of PUBLIC, HIDDEN_UNTIL_CLOSE, ORGANIZERS_ONLY, not 'SECRET'.");
        badRequest(arena.patchPhase("{\"maxTotal\":\"many\"}"),
                "maxTotal must be a whole number (or null for no limit), not \"many\".");
        badRequest(arena.patchPhase("{\"paused\":\"yes\"}"), "paused must be true or false, not \"yes\".");
        badRequest(arena.patchPhase("{\"maxPerDy\":3}"), "A phase has no field 'maxPerDy'. A phase's fields are "
                + "closesAt, factSheet, labelScoresVisible, maxInFlight, maxPerDay, maxTotal, opensAt, paused, selection, visibility.");
    }

    @Test
    void everyWrongFieldOfAPhaseChangeIsRefusedAtOnce() throws Exception {
        Arena arena = Arena.create(mvc, "");
        arena.patchPhase("{\"maxPerDay\":-1,\"paused\":\"yes\",\"colour\":\"red\",\"closesAt\":\"later\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors").value(org.hamcrest.Matchers.contains(
                        "maxPerDay must be 0 or more (or null for no limit), not -1.",
                        "paused must be true or false, not \"yes\".",
                        "A phase has no field 'colour'.",
                        "closesAt must be an instant such as \"2024-08-01T00:00:00Z\", not \"later\".")));
        arena.patchPhase("{\"maxPerDay\":3}").andExpect(status().isOk()).andExpect(jsonPath("$.maxPerDay").value(3));
    }

    @Test
    void aPhaseChangeIsReportedAsADefinitionIs() throws Exception {
        Arena arena = Arena.create(mvc, "");
        arena.patchPhase("{\"opensAt\":\"2030-01-02T00:00:00Z\",\"closesAt\":\"2030-01-01T00:00:00Z\",\"maxPerDay\":-1}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors").value(org.hamcrest.Matchers.contains(
                        "maxPerDay must be 0 or more (or null for no limit), not -1.",
                        "closesAt 2030-01-01T00:00:00Z is not after its opensAt 2030-01-02T00:00:00Z: a phase must "
                                + "close after it opens.")));
        arena.patchPhase("{\"opensAt\":null}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors").value(org.hamcrest.Matchers.contains("opensAt is required.")));
        arena.patchPhase("{\"closesAt\":\"2000-01-01T00:00:00Z\"}") // before the phase's own opensAt
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0]").value(org.hamcrest.Matchers.startsWith(
                        "closesAt 2000-01-01T00:00:00Z is not after its opensAt ")));
        badRequest(arena.patchPhase("{\"maxPerDay\":99999999999}"),
                "maxPerDay must be a whole number up to 2147483647, not 99999999999.");
        // null as in a definition: the default
        arena.patchPhase("{\"visibility\":\"HIDDEN_UNTIL_CLOSE\"}").andExpect(status().isOk());
        arena.patchPhase("{\"visibility\":null,\"paused\":null}").andExpect(status().isOk())
                .andExpect(jsonPath("$.visibility").value("PUBLIC"))
                .andExpect(jsonPath("$.paused").value(false));
    }

    @Test
    void thousandsOfUnknownFieldsAreCountedNotAllListed() throws Exception {
        Arena arena = Arena.create(mvc, "");
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 1500; i++) { // within the 16 KB a PATCH may have
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        String answer = arena.patchPhase(body.append('}').toString())
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors", org.hamcrest.Matchers.hasSize(21)))
                .andExpect(jsonPath("$.errors[0]").value("A phase has no field 'f0'."))
                .andExpect(jsonPath("$.errors[20]").value("... and 1480 more problems not listed (1500 in all)"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.endsWith(
                        "A phase has no field 'f19'. And 1480 more problems not listed (1500 in all). "
                                + "A phase's fields are closesAt, factSheet, labelScoresVisible, maxInFlight, "
                                + "maxPerDay, maxTotal, opensAt, paused, selection, visibility.")))
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(answer.length()).isLessThan(4_000);
    }

    @Test
    void aPausedPhaseRefusesUploadsSayingSo() throws Exception {
        Arena arena = Arena.create(mvc, "\"paused\":true");
        Api.Participant team = api().approved(arena, "Paused");
        arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 1))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The phase 'p' of t in " + arena.slug
                        + " is paused by the organizers: uploads are refused until they resume it."));
        arena.patchPhase("{\"paused\":false}").andExpect(status().isOk());
        arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 1))
                .andExpect(status().isAccepted());
    }

    @Test
    void aDefinitionIsIdempotentAndUpdatesWhatItNames() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxTotal\":3");
        arena.define("\"maxTotal\":3").andExpect(status().isOk())
                .andExpect(jsonPath("$.tasks[0].phases[0].maxTotal").value(3))
                .andExpect(jsonPath("$.tasks[0].phases[0].answerKeyLoaded").value(true))
                .andExpect(jsonPath("$.tasks[0].labels[14]").value("Normal"));
        arena.define("\"maxTotal\":4,\"visibility\":\"ORGANIZERS_ONLY\",\"closesAt\":\"2030-01-01T00:00:00Z\"")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tasks[0].phases[0].maxTotal").value(4))
                .andExpect(jsonPath("$.tasks[0].phases[0].visibility").value("ORGANIZERS_ONLY"))
                .andExpect(jsonPath("$.tasks[0].phases[0].closesAt").value("2030-01-01T00:00:00Z"));
    }

    @Test
    void aDefinitionAddsAndRemovesTasksAndPhasesWithoutSubmissions() throws Exception {
        String slug = "defined-" + System.nanoTime();
        define(slug, """
                {"title":"Two tasks","tasks":[
                  {"slug":"a","labels":["X","Y"],"phases":[{"slug":"dev","opensAt":"2024-01-01T00:00:00Z"},
                                                           {"slug":"test","opensAt":"2024-02-01T00:00:00Z",
                                                            "closesAt":"2024-03-01T00:00:00Z","maxPerDay":2}]},
                  {"slug":"b","labels":["Z"],"phases":[{"slug":"dev","opensAt":"2024-01-01T00:00:00Z"}]}]}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.title").value("Two tasks"))
                .andExpect(jsonPath("$.tasks[0].phases[1].maxPerDay").value(2))
                .andExpect(jsonPath("$.tasks[1].labels[0]").value("Z"));
        define(slug, """
                {"title":"One task","tasks":[
                  {"slug":"a","labels":["X","Y","W"],"phases":[{"slug":"dev","opensAt":"2024-01-01T00:00:00Z"}]}]}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("One task"))
                .andExpect(jsonPath("$.tasks.length()").value(1))
                .andExpect(jsonPath("$.tasks[0].labels.length()").value(3))
                .andExpect(jsonPath("$.tasks[0].phases.length()").value(1));
        mvc.perform(get("/api/v1/challenges/" + slug)).andExpect(jsonPath("$.tasks[0].phases.length()").value(1));
    }

    @Test
    void aTaskOrPhaseWithSubmissionsCannotBeRemovedNorItsLabelsChanged() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant team = api().approved(arena, "Keeps");
        arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 2)).andExpect(status().isAccepted());
        conflict(define(arena.slug, """
                        {"tasks":[{"slug":"other","labels":["X"],"phases":[{"slug":"p","opensAt":"2024-01-01T00:00:00Z"}]}]}"""),
                "Task 't' has submissions, so it cannot be removed; keep it in the definition.");
        conflict(define(arena.slug, Arena.definition("").replace("\"slug\":\"p\"", "\"slug\":\"q\"")),
                "Phase 'p' of task 't' has submissions, so it cannot be removed; keep it in the definition.");
        conflict(define(arena.slug, Arena.definition("").replace("\"Normal\"", "\"Normal2\"")),
                "The labels of task 't' cannot change: it already has an answer key or submissions, which were "
                        + "checked against its labels.");
        mvc.perform(get("/api/v1/challenges/" + arena.slug)).andExpect(jsonPath("$.tasks[0].slug").value("t"));
    }

    @Test
    void anInvalidDefinitionIsRefusedWithAClearMessage() throws Exception {
        String slug = "invalid-" + System.nanoTime();
        badRequest(define(slug, """
                {"tasks":[{"slug":"a","labels":[],"phases":[{"slug":"dev","opensAt":"2024-01-01T00:00:00Z"}]}]}"""),
                "tasks[0].labels must list the task's labels in column order: a task without labels has nothing "
                        + "to score.");
        badRequest(define(slug, """
                {"tasks":[{"slug":"a","labels":["X"],"phases":[{"slug":"dev","opensAt":"2024-02-01T00:00:00Z",
                 "closesAt":"2024-01-01T00:00:00Z"}]}]}"""),
                "tasks[0].phases[0].closesAt 2024-01-01T00:00:00Z is not after its opensAt 2024-02-01T00:00:00Z: "
                        + "a phase must close after it opens.");
        badRequest(define(slug, """
                {"tasks":[{"slug":"a","labels":["X"],"phases":[{"slug":"dev","opensAt":"2024-01-01T00:00:00Z",
                 "selection":"WORST"}]}]}"""),
                "tasks[0].phases[0].selection must be one of BEST, LATEST, CHOSEN, not 'WORST'.");
        badRequest(define(slug, """
                {"tasks":[{"slug":"a","labels":["X","x"],"phases":[{"slug":"dev","opensAt":"2024-01-01T00:00:00Z"}]}]}"""),
                "tasks[0].labels[1] 'x' is listed twice.");
        badRequest(define(slug, """
                {"tasks":[{"slug":"a","labels":["X"],"phases":[{"slug":"dev"}]}]}"""),
                "tasks[0].phases[0].opensAt is required.");
        badRequest(define(slug, "{\"tasks\":[]}"), "tasks must list at least one task.");
        badRequest(define(slug, """
                {"tasks":[{"slug":"a","labels":["X"],"phases":[{"slug":"dev","opensAt":"2024-01-01T00:00:00Z",
                 "maxPerDy":3}]}]}"""),
                "tasks[0].phases[0].maxPerDy is not a field of a challenge definition.");
        badRequest(define(slug, """
                {"tasks":[{"slug":"a","labels":["X"],"phases":[{"slug":"dev","opensAt":"someday"}]}]}"""),
                "tasks[0].phases[0].opensAt must be an instant such as \"2024-08-01T00:00:00Z\", not \"someday\".");
        badRequest(define("Bad Slug", "{\"tasks\":[]}"),
                "the challenge's slug must be 1 to 63 lowercase letters, digits and hyphens, starting with a "
                        + "letter or digit, not 'Bad Slug'.");
        mvc.perform(get("/api/v1/challenges/" + slug)).andExpect(status().isNotFound());
    }

    @Test
    void onlyOrganizersDefineChallenges() throws Exception {
        Api.Participant team = api().approved("Definer");
        mvc.perform(put("/api/v1/admin/challenges/mine").header("Authorization", bearer(team.token()))
                        .contentType(MediaType.APPLICATION_JSON).content(Arena.definition("")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));
    }

    private ResultActions define(String slug, String json) throws Exception {
        return mvc.perform(put("/api/v1/admin/challenges/" + slug).header("Authorization", bearer(ORGANIZER_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static void badRequest(ResultActions result, String detail) throws Exception {
        result.andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
    }

    private static void conflict(ResultActions result, String detail) throws Exception {
        result.andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
    }
}
