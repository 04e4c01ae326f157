package org.cxrlt.leaderboard.organizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.leaderboard.LeaderboardSnapshots;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.cxrlt.leaderboard.support.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Frozen leaderboards: immutable once taken, and taken exactly once when a test phase closes. */
class SnapshotTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);

    @Autowired
    private LeaderboardSnapshots snapshots;

    private Stage stage;
    private long answerKeyId;

    @BeforeEach
    void stage() {
        // The test phase closes only when a test says so: the scheduled check must not freeze it early.
        stage = Stage.create(jdbc, CxrLt2024.TASK2_LABELS, Instant.parse("2024-08-01T00:00:00Z"),
                Instant.parse("2099-01-01T00:00:00Z"));
        answerKeyId = jdbc.queryForObject("insert into answer_key (phase_id, content, rows, synthetic, version) "
                + "values (?, '\\x00'::bytea, 406, true, 1) returning id", Long.class, stage.developmentId());
        jdbc.update("update phase set active_answer_key_id = ? where id = ?", answerKeyId, stage.developmentId());
        changesHeard();
    }

    @Test
    void aSnapshotKeepsTheLeaderboardAsItStoodWhateverIsScoredLater() throws Exception {
        scored(stage.developmentId(), answerKeyId, "Frozen first", 0.6);
        String leaderboard = stage.path("development") + "/leaderboard";
        JsonNode frozen = json(mvc.perform(post(stage.admin("development") + "/freeze").header("Authorization", ADMIN))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", leaderboard + "?snapshot=final"))
                .andExpect(jsonPath("$.snapshot").value("final"))
                .andExpect(jsonPath("$.frozenBy").value("admin")));
        assertThat(frozen.get("entries").size()).isEqualTo(1);

        scored(stage.developmentId(), answerKeyId, "Scored after the freeze", 0.9);
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries.length()").value(2));
        mvc.perform(get(leaderboard).param("snapshot", "final"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.snapshot").value("final"))
                .andExpect(jsonPath("$.entries.length()").value(1))
                .andExpect(jsonPath("$.entries[0].team").value(frozen.at("/entries/0/team").asString()))
                .andExpect(jsonPath("$.entries[0].scores.mAP").value(0.6))
                .andExpect(jsonPath("$.frozenAt").value(frozen.get("frozenAt").asString()));
        String csv = mvc.perform(get(leaderboard).param("snapshot", "final").param("format", "csv"))
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv.split("\n")).hasSize(2);

        mvc.perform(post(stage.admin("development") + "/freeze").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The phase 'development' of staged in " + stage.challenge()
                                + " already has a leaderboard snapshot named 'final', taken at ")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.endsWith(
                        "; snapshots never change: choose another name.")));
        mvc.perform(post(stage.admin("development") + "/freeze").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"after-week-2\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.entries.length()").value(2));
        mvc.perform(get(leaderboard).param("snapshot", "after-week-2"))
                .andExpect(jsonPath("$.entries.length()").value(2));

        JsonNode entry = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "leaderboard.freeze").param("size", "100").header("Authorization", ADMIN))),
                stage.challenge() + "/staged/development");
        assertThat(entry.at("/after/name").asString()).isEqualTo("after-week-2");
    }

    @Test
    void aSnapshotIsShownAsThePhasesVisibilityAllows() throws Exception {
        scored(stage.developmentId(), answerKeyId, "Hidden", 0.6);
        mvc.perform(post(stage.admin("development") + "/freeze").header("Authorization", ADMIN))
                .andExpect(status().isCreated());
        String snapshot = stage.path("development") + "/leaderboard?snapshot=final";

        jdbc.update("update phase set visibility = 'HIDDEN_UNTIL_CLOSE' where id = ?", stage.developmentId());
        changesHeard();
        mvc.perform(get(snapshot))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(1))
                .andExpect(jsonPath("$.entries[0].scores").doesNotExist())
                .andExpect(jsonPath("$.entries[0].rank").doesNotExist());
        assertThat(mvc.perform(get(snapshot + "&format=csv")).andReturn().getResponse().getContentAsString())
                .startsWith("team,submissions,baseline\r\n").contains(",1,false\r\n");
        mvc.perform(get(snapshot).header("Authorization", ADMIN))
                .andExpect(jsonPath("$.entries[0].scores.mAP").value(0.6));

        jdbc.update("update phase set visibility = 'ORGANIZERS_ONLY' where id = ?", stage.developmentId());
        changesHeard();
        mvc.perform(get(snapshot))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The leaderboard of phase 'development' of staged in "
                        + stage.challenge() + " is shown to organizers only."));
        mvc.perform(get(snapshot).header("Authorization", ADMIN)).andExpect(status().isOk());
    }

    @Test
    void missingSnapshotsAndBadNamesAreRefused() throws Exception {
        String leaderboard = stage.path("development") + "/leaderboard";
        mvc.perform(get(leaderboard).param("snapshot", "final"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("The phase 'development' of staged in " + stage.challenge()
                        + " has no leaderboard snapshot named 'final': it is taken when an organizer freezes the "
                        + "leaderboard, or when a test phase closes."));
        mvc.perform(get(leaderboard).param("snapshot", "week-3"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("The phase 'development' of staged in " + stage.challenge()
                        + " has no leaderboard snapshot named 'week-3'."));
        mvc.perform(post(stage.admin("development") + "/freeze").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"../final\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("A snapshot name is 1 to 64 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit; '../final' is not."));
        mvc.perform(post(stage.admin("development") + "/freeze"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post(stage.admin("final") + "/freeze").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Task 'staged' of challenge '" + stage.challenge()
                        + "' has no phase 'final'."));
        mvc.perform(get(leaderboard).param("snapshot", "final").param("format", "xml"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("format must be json or csv, not 'xml'."));
    }

    @Test
    void aClosedTestPhaseIsFrozenOnceHoweverManyNoticeIt() throws Exception {
        long testKey = jdbc.queryForObject("insert into answer_key (phase_id, content, rows, synthetic, version) "
                + "values (?, '\\x00'::bytea, 406, true, 1) returning id", Long.class, stage.testId());
        jdbc.update("update phase set active_answer_key_id = ? where id = ?", testKey, stage.testId());
        changesHeard();
        scored(stage.testId(), testKey, "Finalist", 0.7);
        jdbc.update("update phase set closes_at = '2024-09-15T00:00:00Z' where id = ?", stage.testId());
        changesHeard();

        // Several instances' checks and a reader, all at once.
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> snapshots.freezeClosedTestPhases());
            }
            calls.add(() -> mvc.perform(get(stage.path("test") + "/leaderboard").param("snapshot", "final"))
                    .andReturn().getResponse().getStatus());
            for (Future<Object> call : pool.invokeAll(calls)) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("select count(*) from leaderboard_snapshot where phase_id = ?", Integer.class,
                stage.testId())).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where action = 'leaderboard.freeze' "
                + "and target = ?", Integer.class, stage.challenge() + "/staged/test")).isEqualTo(1);
        assertThat(snapshots.freezeClosedTestPhases()).as("nothing left to freeze in this stage").isGreaterThanOrEqualTo(0);

        scored(stage.testId(), testKey, "Too late", 0.99);
        mvc.perform(get(stage.path("test") + "/leaderboard").param("snapshot", "final"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.frozenBy").value("system"))
                .andExpect(jsonPath("$.entries.length()").value(1))
                .andExpect(jsonPath("$.entries[0].scores.mAP").value(0.7));
        // The development phase never closes, so it is never frozen on its own.
        mvc.perform(get(stage.path("development") + "/leaderboard").param("snapshot", "final"))
                .andExpect(status().isNotFound());
    }

    /** A scored submission of a new team, as the workers would leave it. */
    private void scored(long phaseId, long keyId, String teamPrefix, double mAP) throws Exception {
        String team = api().approved(teamPrefix).team();
        Long teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team);
        Instant now = Instant.now();
        Long id = jdbc.queryForObject("""
                insert into submission (phase_id, team_id, status, file_size, submitted_at, scored_at, attempts)
                values (?, ?, 'SCORED', 1, ?, ?, 1) returning id
                """, Long.class, phaseId, teamId, Timestamp.from(now), Timestamp.from(now));
        jdbc.update("""
                insert into score (submission_id, answer_key_id, map, mauroc, mf1, mece, head_map, medium_map,
                                   tail_map, rows, duration_ms)
                values (?, ?, ?, 0.8, 0.4, 0.1, 0.6, 0.5, 0.4, 406, 5)
                """, id, keyId, mAP);
        jdbc.update("insert into leaderboard_version (phase_id, version, updated_at) values (?, 1, now()) "
                + "on conflict (phase_id) do update set version = leaderboard_version.version + 1, updated_at = now()",
                phaseId);
        changesHeard();
    }
}
