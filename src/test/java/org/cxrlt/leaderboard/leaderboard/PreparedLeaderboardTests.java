package org.cxrlt.leaderboard.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * Leaderboards and challenges are served from bytes prepared once (PreparedResponses): every
 * change made through the service is seen by the very next read, with no wait, and one
 * audience's copy is never served to another.
 */
class PreparedLeaderboardTests extends ServiceTests {

    @Test
    void aNewScoreADisqualificationARescoreAndANewAnswerKeyAreSeenByTheNextRead() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant first = api().approved(arena, "Prepared first");
        Participant second = api().approved(arena, "Prepared second");
        String leaderboard = arena.phase() + "/leaderboard";
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries.length()").value(0));

        // Scored by a worker: the read right after SCORED shows it (no notification awaited).
        long weak = scored(arena, first, 0.2, 31);
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries.length()").value(1));
        long strong = scored(arena, second, 0.9, 32);
        mvc.perform(get(leaderboard))
                .andExpect(jsonPath("$.entries.length()").value(2))
                .andExpect(jsonPath("$.entries[0].submissionId").value(strong));

        mvc.perform(post("/api/v1/admin/submissions/" + strong + "/disqualify")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"Seen the labels.\"}"))
                .andExpect(status().isOk());
        mvc.perform(get(leaderboard))
                .andExpect(jsonPath("$.entries.length()").value(1))
                .andExpect(jsonPath("$.entries[0].submissionId").value(weak));

        // Sent for rescoring, it leaves the board until scored again, then is back.
        mvc.perform(post("/api/v1/admin/submissions/" + weak + "/rescore").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isAccepted());
        assertThat(api().awaitScoring(first.token(), weak).get("status").asString()).isEqualTo("SCORED");
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].submissionId").value(weak));

        // A new answer key: no score is against it yet, so the board is empty at once.
        mvc.perform(multipart(HttpMethod.PUT, arena.adminPhase() + "/answer-key")
                        .file(new MockMultipartFile("file", "key.csv", "text/csv",
                                Api.answerKey(Api.synthetic(AnswerKeysForTests.TASK2.labels(), 406, 77))))
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries.length()").value(0));
    }

    @Test
    void aPhaseRuleChangeIsSeenByTheNextReadAndTheOrganizersCopyIsNeverServedToOthers() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant team = api().approved(arena, "Prepared rules");
        scored(arena, team, 0.6, 33);
        String leaderboard = arena.phase() + "/leaderboard";
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].scores.mAP").isNumber());
        mvc.perform(get(arena.phase().replace("/tasks/t/phases/p", "")))
                .andExpect(jsonPath("$.tasks[0].phases[0].visibility").value("PUBLIC"));

        arena.patchPhase("{\"visibility\":\"HIDDEN_UNTIL_CLOSE\"}").andExpect(status().isOk());
        mvc.perform(get(arena.phase().replace("/tasks/t/phases/p", "")))
                .andExpect(jsonPath("$.tasks[0].phases[0].visibility").value("HIDDEN_UNTIL_CLOSE"));
        // the organizer reads first: what it is given must not be what others are given next
        mvc.perform(get(leaderboard).header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(jsonPath("$.entries[0].scores.mAP").isNumber());
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].scores").isEmpty());
        mvc.perform(get(leaderboard).header("Authorization", bearer(team.token())))
                .andExpect(jsonPath("$.entries[0].scores").isEmpty());

        arena.patchPhase("{\"visibility\":\"ORGANIZERS_ONLY\"}").andExpect(status().isOk());
        mvc.perform(get(leaderboard).header("Authorization", bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
        mvc.perform(get(leaderboard)).andExpect(status().isForbidden());
        mvc.perform(get(leaderboard + "?format=csv")).andExpect(status().isForbidden());

        arena.patchPhase("{\"visibility\":\"PUBLIC\"}").andExpect(status().isOk());
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].scores.mAP").isNumber());
    }

    @Test
    void aClientThatAcceptsGzipGetsTheSameBytesGzippedWithAnEntityTagOfTheirOwn() throws Exception {
        Arena arena = Arena.create(mvc, "");
        scored(arena, api().approved(arena, "Prepared gzip"), 0.5, 34);
        String leaderboard = arena.phase() + "/leaderboard";
        MockHttpServletResponse plain = mvc.perform(get(leaderboard)).andExpect(status().isOk())
                .andExpect(header().doesNotExist("Content-Encoding")).andReturn().getResponse();
        MockHttpServletResponse gzipped = mvc.perform(get(leaderboard).header("Accept-Encoding", "br, gzip"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Encoding", "gzip"))
                .andExpect(header().stringValues("Vary", org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.containsString("Accept-Encoding"))))
                .andReturn().getResponse();
        assertThat(gunzip(gzipped.getContentAsByteArray())).isEqualTo(plain.getContentAsByteArray());
        assertThat(gzipped.getHeader("ETag")).isNotEqualTo(plain.getHeader("ETag"));
        mvc.perform(get(leaderboard).header("Accept-Encoding", "gzip").header("If-None-Match", gzipped.getHeader("ETag")))
                .andExpect(status().isNotModified());
        mvc.perform(get(leaderboard).header("Accept-Encoding", "gzip;q=0"))
                .andExpect(header().doesNotExist("Content-Encoding"));

        MockHttpServletResponse challenges = mvc.perform(get("/api/v1/challenges").header("Accept-Encoding", "gzip"))
                .andExpect(status().isOk()).andExpect(header().string("Content-Encoding", "gzip"))
                .andReturn().getResponse();
        JsonNode all = tools.jackson.databind.json.JsonMapper.shared().readTree(gunzip(challenges.getContentAsByteArray()));
        assertThat(all.findValuesAsString("slug")).contains(arena.slug);
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private long scored(Arena arena, Participant team, double skill, long seed) throws Exception {
        long id = json(arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, skill, seed))
                .andExpect(status().isAccepted())).get("id").asLong();
        assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
        return id;
    }
}
