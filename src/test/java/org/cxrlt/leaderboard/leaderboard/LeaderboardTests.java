package org.cxrlt.leaderboard.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Ranking rules on scores written straight into the database, in a phase no other test uses
 * (task2's test phase), so the expected table is exact.
 */
class LeaderboardTests extends ServiceTests {

    private static final String LEADERBOARD = Api.phasePath("task2", "test") + "/leaderboard";
    private static final Instant T0 = Instant.parse("2024-08-02T10:00:00Z");

    private static boolean seeded;
    private static String first;
    private static String second;
    private static String third;
    private static long firstBest;

    private long phaseId;
    private long answerKeyId;

    @BeforeEach
    void scores() throws Exception {
        phaseId = jdbc.queryForObject("select p.id from phase p join task t on t.id = p.task_id "
                + "where t.slug = 'task2' and p.slug = 'test'", Long.class);
        if (seeded) {
            answerKeyId = jdbc.queryForObject("select active_answer_key_id from phase where id = ?", Long.class,
                    phaseId);
            return;
        }
        answerKeyId = jdbc.queryForObject("insert into answer_key (phase_id, content, rows, synthetic, version) "
                + "values (?, '\\x00'::bytea, 406, true, 1) returning id", Long.class, phaseId);
        jdbc.update("update phase set active_answer_key_id = ? where id = ?", answerKeyId, phaseId);
        changesHeard();
        // Two teams tie at 0.5: the one that got there first is listed first, both rank 1.
        second = api().approved("Tied later").team();
        first = api().approved("Tied earlier").team();
        third = api().approved("Third").team();
        scored(second, 0.5, T0.plusSeconds(60));
        scored(second, 0.2, T0.plusSeconds(120));
        firstBest = scored(first, 0.5, T0);
        scored(first, 0.4, T0.minusSeconds(60));
        scored(third, 0.3, T0);
        seeded = true;
    }

    @Test
    void eachTeamAppearsOnceWithItsBestAndTiesShareARank() throws Exception {
        mvc.perform(get(LEADERBOARD))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rankedBy").value("mAP"))
                .andExpect(jsonPath("$.entries[*].team").value(contains(first, second, third)))
                .andExpect(jsonPath("$.entries[*].rank").value(contains(1, 1, 3)))
                .andExpect(jsonPath("$.entries[0].submissionId").value(firstBest))
                .andExpect(jsonPath("$.entries[0].scores.mAP").value(0.5))
                .andExpect(jsonPath("$.entries[0].groups.head").value(0.6))
                .andExpect(jsonPath("$.entries[0].submissions").value(2))
                .andExpect(jsonPath("$.entries[2].scores.mAP").value(0.3));
    }

    @Test
    void theCsvHasTheSameTable() throws Exception {
        String csv = mvc.perform(get(LEADERBOARD).param("format", "csv"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv.split("\r\n")).hasSize(4);
        assertThat(csv).startsWith("rank,team,submissionId,submittedAt,mAP,mAUROC,mF1,mECE,head,medium,tail,submissions,baseline,method\r\n")
                .contains("\n1," + first + "," + firstBest + ",2024-08-02T10:00:00Z,0.500000,");
        mvc.perform(get(LEADERBOARD).accept("text/csv"))
                .andExpect(content().contentTypeCompatibleWith("text/csv"));
        mvc.perform(get(LEADERBOARD).param("format", "xml"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("format must be json or csv, not 'xml'."));
    }

    @Test
    void anUnchangedLeaderboardIsNotModifiedAndANewScoreChangesIt() throws Exception {
        String etag = mvc.perform(get(LEADERBOARD)).andExpect(status().isOk())
                .andExpect(header().exists("ETag"))
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("must-revalidate")))
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("no-store"))))
                .andReturn().getResponse().getHeader("ETag");

        mvc.perform(get(LEADERBOARD).header("If-None-Match", etag))
                .andExpect(status().isNotModified());
        String csvEtag = mvc.perform(get(LEADERBOARD).param("format", "csv")).andReturn().getResponse().getHeader("ETag");
        assertThat(csvEtag).isNotEqualTo(etag);

        // A worse score of the third team: the ranking stays, its submission count changes.
        Number before = com.jayway.jsonpath.JsonPath.read(mvc.perform(get(LEADERBOARD)).andReturn().getResponse()
                .getContentAsString(), "$.entries[2].submissions");
        scored(third, 0.1, T0.plusSeconds(600));
        mvc.perform(get(LEADERBOARD).header("If-None-Match", etag))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", org.hamcrest.Matchers.not(etag)))
                .andExpect(jsonPath("$.entries[2].team").value(third))
                .andExpect(jsonPath("$.entries[2].submissions").value(before.intValue() + 1));
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head(LEADERBOARD))
                .andExpect(status().isOk())
                .andExpect(header().exists("ETag"));
    }

    @Test
    void anUnknownPhaseHasNoLeaderboard() throws Exception {
        mvc.perform(get(Api.phasePath("task2", "final") + "/leaderboard"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Task 'task2' of challenge 'cxr-lt-2024' has no phase 'final'."));
    }

    /** A scored submission as the workers would leave it, and the version bump that goes with it. */
    private long scored(String team, double mAP, Instant submittedAt) {
        Long teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team);
        Long id = jdbc.queryForObject("""
                insert into submission (phase_id, team_id, status, file_size, submitted_at, scored_at, attempts)
                values (?, ?, 'SCORED', 1, ?, ?, 1) returning id
                """, Long.class, phaseId, teamId, Timestamp.from(submittedAt), Timestamp.from(submittedAt));
        jdbc.update("""
                insert into score (submission_id, answer_key_id, map, mauroc, mf1, mece, head_map, medium_map,
                                   tail_map, rows, duration_ms)
                values (?, ?, ?, 0.8, 0.4, 0.1, 0.6, 0.5, 0.4, 406, 5)
                """, id, answerKeyId, mAP);
        jdbc.update("insert into leaderboard_version (phase_id, version, updated_at) values (?, 1, now()) "
                + "on conflict (phase_id) do update set version = leaderboard_version.version + 1, updated_at = now()",
                phaseId);
        changesHeard();
        return id;
    }
}
