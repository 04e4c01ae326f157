package org.cxrlt.leaderboard.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/** Fact sheets: the phase's rule, the checks of each field, and where the method shows. */
class FactSheetTests extends ServiceTests {

    private static final String REQUIRED = "\"factSheet\":\"REQUIRED\"";

    private ResultActions upload(Arena arena, String token, Map<String, String> fields) throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart(arena.phase() + "/submissions");
        request.file(new MockMultipartFile("file", "predictions.csv", "text/csv",
                Api.predictions(AnswerKeysForTests.TASK2, 0.7, 5)));
        fields.forEach(request::param);
        return mvc.perform(request.header("Authorization", Api.bearer(token)));
    }

    private long stored(Arena arena) {
        Long count = jdbc.queryForObject("""
                select count(*) from submission s join phase p on p.id = s.phase_id join task t on t.id = p.task_id
                  join challenge c on c.id = t.challenge_id where c.slug = ?
                """, Long.class, arena.slug);
        return count == null ? 0 : count;
    }

    private void refused(Arena arena, String token, Map<String, String> fields, String detail) throws Exception {
        upload(arena, token, fields)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
        assertThat(stored(arena)).as("nothing stored").isZero();
    }

    @Test
    void thePhaseRuleIsSetByPutAndPatchAndShown() throws Exception {
        Arena arena = Arena.create(mvc, REQUIRED);
        mvc.perform(get("/api/v1/challenges/" + arena.slug))
                .andExpect(jsonPath("$.tasks[0].phases[0].factSheet").value("REQUIRED"));
        arena.patchPhase("{\"factSheet\":\"optional\"}").andExpect(status().isOk());
        mvc.perform(get("/api/v1/challenges/" + arena.slug))
                .andExpect(jsonPath("$.tasks[0].phases[0].factSheet").value("OPTIONAL"));
        arena.patchPhase("{\"factSheet\":\"ALWAYS\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("factSheet must be one of NONE, OPTIONAL, REQUIRED, not 'ALWAYS'."));
        arena.define("\"factSheet\":\"sometimes\"")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "tasks[0].phases[0].factSheet must be one of NONE, OPTIONAL, REQUIRED, not 'sometimes'."));
        // left out of a definition: none
        arena.define("").andExpect(status().isOk());
        mvc.perform(get("/api/v1/challenges/" + arena.slug))
                .andExpect(jsonPath("$.tasks[0].phases[0].factSheet").value("NONE"));
        String page = mvc.perform(get("/challenges/" + arena.slug)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<dt>Fact sheet</dt><dd>none</dd>");
    }

    @Test
    void aRequiredFactSheetRefusesAnUploadWithoutMethodNameOrDescription() throws Exception {
        Arena arena = Arena.create(mvc, REQUIRED);
        Api.Participant team = api().approved(arena, "Sheets");
        String rule = "the phase 'p' of t in " + arena.slug + " asks for a fact sheet with each submission "
                + "(methodName and methodDescription; codeUrl and paperUrl optional).";
        refused(arena, team.token(), Map.of(), "methodName is required: " + rule);
        refused(arena, team.token(), Map.of("methodDescription", "ResNet", "methodName", " "),
                "methodName is required: " + rule);
        refused(arena, team.token(), Map.of("methodName", "ResNet-50"), "methodDescription is required: " + rule);
        upload(arena, team.token(), Map.of("methodName", "ResNet-50", "methodDescription", "ImageNet weights"))
                .andExpect(status().isAccepted());
    }

    @Test
    void badFieldsAreRefusedNamingTheField() throws Exception {
        Arena arena = Arena.create(mvc, "\"factSheet\":\"OPTIONAL\"");
        Api.Participant team = api().approved(arena, "Sheets");
        refused(arena, team.token(), Map.of("codeUrl", "javascript:alert(1)"),
                "codeUrl must be an http or https URL (such as https://github.com/team/method).");
        refused(arena, team.token(), Map.of("paperUrl", "ftp://example.org/paper.pdf"),
                "paperUrl must be an http or https URL (such as https://github.com/team/method).");
        refused(arena, team.token(), Map.of("codeUrl", "https://example.org/a b"),
                "codeUrl must be a URL without spaces or control characters (it contains U+0020).");
        refused(arena, team.token(), Map.of("paperUrl", "https:///no-host"),
                "paperUrl must name a host (such as https://github.com/team/method).");
        refused(arena, team.token(), Map.of("codeUrl", "https://user:secret@example.org/x"),
                "codeUrl must not carry a user name or password.");
        refused(arena, team.token(), Map.of("codeUrl", "https://example.org/" + "a".repeat(2000)),
                "codeUrl must be at most 2000 characters long.");
        refused(arena, team.token(), Map.of("methodName", "Res\u0007Net"),
                "methodName must not contain control characters (it contains U+0007).");
        refused(arena, team.token(), Map.of("methodName", "x".repeat(201)),
                "methodName must be at most 200 characters long.");
        refused(arena, team.token(), Map.of("methodDescription", "y".repeat(5001)),
                "methodDescription must be at most 5000 characters long.");
    }

    @Test
    void aPhaseWithoutFactSheetsRefusesOne() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant team = api().approved(arena, "Sheets");
        refused(arena, team.token(), Map.of("methodName", "ResNet-50"), "The phase 'p' of t in "
                + arena.slug + " takes no fact sheet: leave out methodName, methodDescription, codeUrl and paperUrl.");
        upload(arena, team.token(), Map.of("description", "free text stays")).andExpect(status().isAccepted());
    }

    @Test
    void theFactSheetIsStoredShownToTheTeamOnTheLeaderboardAndInTheExport() throws Exception {
        Arena arena = Arena.create(mvc, REQUIRED);
        Api.Participant team = api().approved(arena, "Sheets");
        String formula = "=cmd|' /C calc'!A0";
        String script = "<script>alert(1)</script>";
        JsonNode accepted = Api.json(upload(arena, team.token(), Map.of("methodName", formula + " " + script,
                "methodDescription", "Two lines:\r\nensemble of five", "codeUrl", "https://github.com/team/method",
                "paperUrl", "http://arxiv.org/abs/2400.00001", "description", "first try"))
                .andExpect(status().isAccepted()));
        long id = accepted.get("id").asLong();
        assertThat(accepted.get("factSheet").get("methodName").asString()).isEqualTo(formula + " " + script);
        JsonNode scored = api().awaitScoring(team.token(), id);
        assertThat(scored.get("status").asString()).isEqualTo("SCORED");
        assertThat(scored.get("description").asString()).isEqualTo("first try");
        JsonNode sheet = scored.get("factSheet");
        assertThat(sheet.get("methodDescription").asString()).isEqualTo("Two lines:\nensemble of five");
        assertThat(sheet.get("codeUrl").asString()).isEqualTo("https://github.com/team/method");
        assertThat(sheet.get("paperUrl").asString()).isEqualTo("http://arxiv.org/abs/2400.00001");
        mvc.perform(get(arena.phase() + "/submissions").header("Authorization", Api.bearer(team.token())))
                .andExpect(jsonPath("$.items[0].factSheet.methodName").value(formula + " " + script));

        mvc.perform(get(arena.phase() + "/leaderboard"))
                .andExpect(jsonPath("$.entries[0].method").value(formula + " " + script));
        String csv = mvc.perform(get(arena.phase() + "/leaderboard").param("format", "csv"))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",baseline,method");
        assertThat(csv).contains(",'" + formula).doesNotContain("," + formula);
        String page = mvc.perform(get("/challenges/" + arena.slug + "/tasks/t/phases/p"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(script);

        String export = mvc.perform(get(arena.adminPhase() + "/submissions.csv")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(export.lines().findFirst().orElseThrow())
                .endsWith(",methodName,methodDescription,codeUrl,paperUrl");
        assertThat(export).contains("'" + formula, "\"Two lines:\nensemble of five\"",
                "https://github.com/team/method,http://arxiv.org/abs/2400.00001");
    }

    @Test
    void baselinesNeedNoFactSheetInARequiredPhase() throws Exception {
        Arena arena = Arena.create(mvc, REQUIRED);
        mvc.perform(multipart(arena.adminPhase() + "/baselines")
                        .file(new MockMultipartFile("file", "baseline.csv", "text/csv",
                                Api.predictions(AnswerKeysForTests.TASK2, 0.5, 3)))
                        .param("name", "Plain baseline")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isAccepted());
    }
}
