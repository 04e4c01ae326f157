package org.cxrlt.leaderboard.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A challenge of its own for one test, so that its phase rules touch nobody else's: one task
 * {@code t} with task 2's labels, one phase {@code p} open since 2024 and never closing, with the
 * shared task-2 synthetic answer key loaded.
 */
public final class Arena {

    public final String slug;
    private final MockMvc mvc;

    private Arena(MockMvc mvc, String slug) {
        this.mvc = mvc;
        this.slug = slug;
    }

    /** @param phaseRules extra JSON fields of the phase, such as {@code "maxTotal":1}, or "" */
    public static Arena create(MockMvc mvc, String phaseRules) throws Exception {
        Arena arena = new Arena(mvc, "arena-" + UUID.randomUUID().toString().substring(0, 8));
        arena.define(phaseRules).andExpect(status().isCreated());
        mvc.perform(multipart(HttpMethod.PUT, arena.adminPhase() + "/answer-key")
                        .file(new MockMultipartFile("file", "key.csv", "text/csv",
                                Api.answerKey(AnswerKeysForTests.TASK2)))
                        .header("Authorization", Api.bearer(ServiceTests.ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
        return arena;
    }

    public ResultActions define(String phaseRules) throws Exception {
        return mvc.perform(put("/api/v1/admin/challenges/" + slug)
                .header("Authorization", Api.bearer(ServiceTests.ORGANIZER_TOKEN))
                .contentType(MediaType.APPLICATION_JSON)
                .content(definition(phaseRules)));
    }

    public static String definition(String phaseRules) {
        StringBuilder labels = new StringBuilder();
        for (String label : CxrLt2024.TASK2_LABELS) {
            labels.append(labels.isEmpty() ? "" : ",").append('"').append(label).append('"');
        }
        return """
                {"title":"A test arena","tasks":[{"slug":"t","title":"Task","labels":[%s],
                 "phases":[{"slug":"p","title":"Phase","opensAt":"2024-01-01T00:00:00Z"%s}]}]}
                """.formatted(labels, phaseRules.isEmpty() ? "" : "," + phaseRules);
    }

    public ResultActions patchPhase(String json) throws Exception {
        return mvc.perform(patch(adminPhase()).header("Authorization", Api.bearer(ServiceTests.ORGANIZER_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    /** {@code /api/v1/challenges/{slug}/tasks/t/phases/p} */
    public String phase() {
        return "/api/v1/challenges/" + slug + "/tasks/t/phases/p";
    }

    public String adminPhase() {
        return "/api/v1/admin/challenges/" + slug + "/tasks/t/phases/p";
    }

    public ResultActions submit(String token, byte[] file) throws Exception {
        return mvc.perform(multipart(phase() + "/submissions")
                .file(new MockMultipartFile("file", "predictions.csv", "text/csv", file))
                .header("Authorization", Api.bearer(token)));
    }
}
