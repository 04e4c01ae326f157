package org.cxrlt.leaderboard.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * Organizers' robustness analyses over HTTP: queued durably, run in the background, the same
 * numbers for the same seed, full-data mAP equal to the leaderboard's, CSV and SVG; the automatic
 * analysis of a final snapshot; what a team may see of its own entry.
 */
class RobustnessServiceTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);

    @Autowired
    private FinalSnapshotAnalysis finalSnapshots;

    /** An arena with three teams' scored submissions of different skill. */
    private record Board(Arena arena, List<Participant> teams, List<byte[]> files) {
    }

    private Board board(String phaseRules) throws Exception {
        Arena arena = Arena.create(mvc, phaseRules);
        List<Participant> teams = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        double[] skills = {0.8, 0.75, 0.3};
        for (int i = 0; i < skills.length; i++) {
            Participant team = api().approved(arena, "Robust " + (char) ('A' + i));
            byte[] file = Api.predictions(AnswerKeysForTests.TASK2, skills[i], 40 + i);
            String location = arena.submit(team.token(), file).andExpect(status().isAccepted()).andReturn()
                    .getResponse().getHeader("Location");
            long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
            teams.add(team);
            files.add(file);
        }
        return new Board(arena, teams, files);
    }

    private ResultActions start(Arena arena, String body) throws Exception {
        return mvc.perform(post(arena.adminPhase() + "/robustness").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private JsonNode awaitDone(Arena arena, long id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode view = json(mvc.perform(get(arena.adminPhase() + "/robustness/" + id).header("Authorization", ADMIN))
                    .andExpect(status().isOk()));
            String state = view.get("analysis").get("status").asString();
            if (state.equals("DONE") || state.equals("FAILED")) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("analysis " + id + " still " + state + " after 60 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void anAnalysisIsQueuedRunAndGivesTheLeaderboardsMapWithIntervals() throws Exception {
        Board board = board("");
        JsonNode queued = json(start(board.arena(), "{\"replicates\":300,\"seed\":42}")
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith(board.arena().adminPhase()
                        + "/robustness/")))
                .andExpect(jsonPath("$.analysis.seed").value(42))
                .andExpect(jsonPath("$.analysis.replicates").value(300))
                .andExpect(jsonPath("$.analysis.answerKeyVersion").value(1))
                .andExpect(jsonPath("$.analysis.progressTotal").value(900))
                .andExpect(jsonPath("$.entries.length()").value(3)));
        long id = queued.get("analysis").get("id").asLong();

        JsonNode done = awaitDone(board.arena(), id);

        assertThat(done.get("analysis").get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("analysis").get("progressDone").asLong()).isEqualTo(900);
        JsonNode leaderboard = json(mvc.perform(get(board.arena().phase() + "/leaderboard")).andExpect(status().isOk()));
        AnswerKey key = AnswerKey.read(new ByteArrayInputStream(Api.answerKey(AnswerKeysForTests.TASK2)), "dicom_id", null,
                ReadLimits.DEFAULT);
        for (int e = 0; e < 3; e++) {
            JsonNode entry = done.get("result").get("entries").get(e);
            JsonNode ref = done.get("entries").get(e);
            JsonNode ranked = leaderboard.get("entries").get(e);
            assertThat(entry.get("name").asString()).isEqualTo(ranked.get("team").asString())
                    .isEqualTo(ref.get("team").asString());
            assertThat(ref.get("submissionId").asLong()).isEqualTo(ranked.get("submissionId").asLong());
            assertThat(entry.get("mAP").asDouble()).isEqualTo(ranked.get("scores").get("mAP").asDouble());
            assertThat(entry.get("mAPLow").asDouble()).isLessThanOrEqualTo(entry.get("mAP").asDouble());
            assertThat(entry.get("mAPHigh").asDouble()).isGreaterThanOrEqualTo(entry.get("mAP").asDouble());
            assertThat(entry.get("labels")).hasSize(26);
        }
        int best = indexOf(done, board.teams().get(0).team());
        double scored = Evaluator.score(key, Submission.read(new ByteArrayInputStream(board.files().get(0)), key,
                ReadLimits.DEFAULT)).mAP();
        assertThat(done.get("result").get("entries").get(best).get("mAP").asDouble()).isEqualTo(scored);
        assertThat(done.get("result").get("pairs")).hasSize(6);
        assertThat(done.get("result").get("kendallTau").get("median").asDouble()).isBetween(-1.0, 1.0);

        // the same seed, B and entries: the same numbers
        long again = json(start(board.arena(), "{\"replicates\":300,\"seed\":42}").andExpect(status().isAccepted()))
                .get("analysis").get("id").asLong();
        assertThat(awaitDone(board.arena(), again).get("result")).isEqualTo(done.get("result"));

        JsonNode list = json(mvc.perform(get(board.arena().adminPhase() + "/robustness").header("Authorization", ADMIN))
                .andExpect(status().isOk()));
        assertThat(list.get(0).get("id").asLong()).isEqualTo(again);
        assertThat(list.get(1).get("id").asLong()).isEqualTo(id);

        String csv = mvc.perform(get(board.arena().adminPhase() + "/robustness/" + id + "?format=csv")
                        .header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();
        String[] rows = csv.split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).startsWith("team,submissionId,rank,mAP,mAPLow,mAPHigh,rankMedian,rankLow,rankHigh,pFirst,"
                + "AP Atelectasis,AP Atelectasis low,AP Atelectasis high,");
        assertThat(rows[1]).startsWith(done.get("entries").get(0).get("team").asString() + ",");

        for (String picture : List.of("forest", "ranks", "pairs")) {
            String svg = mvc.perform(get(board.arena().adminPhase() + "/robustness/" + id + "/" + picture + ".svg")
                            .header("Authorization", ADMIN))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith("image/svg+xml"))
                    .andReturn().getResponse().getContentAsString();
            assertThat(svg).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ").endsWith("</svg>\n")
                    .contains(board.teams().get(2).team());
        }
        mvc.perform(get(board.arena().adminPhase() + "/robustness/" + id + "/pie.svg").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("There is no picture 'pie'; there are forest.svg, ranks.svg, "
                        + "pairs.svg."));
        mvc.perform(get(board.arena().adminPhase() + "/robustness/" + id + "?format=xml").header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("format must be json or csv, not 'xml'."));
    }

    @Test
    void refusesWhatCannotBeAnalysedSayingWhy() throws Exception {
        Board board = board("");
        start(board.arena(), "{\"replicates\":0}").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("replicates must be between 1 and 10000, was 0."));
        start(board.arena(), "{\"replicates\":10001}").andExpect(status().isBadRequest());
        start(board.arena(), "{\"snapshot\":\"nope\"}").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "has no leaderboard snapshot named 'nope'")));
        start(board.arena(), "{\"answerKeyVersion\":9}").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("The phase 'p' of t in " + board.arena().slug
                        + " has no answer key version 9."));
        mvc.perform(get(board.arena().adminPhase() + "/robustness/999999999").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("The phase 'p' of t in " + board.arena().slug
                        + " has no robustness analysis 999999999."));
        start(board.arena(), "{\"replicates\":\"many\"}").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

        // a phase whose leaderboard is empty, and one without an answer key
        Arena empty = Arena.create(mvc, "");
        start(empty, "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The leaderboard of the phase 'p' of t in " + empty.slug
                        + " has no ranked entry to analyse."));
        String slug = "robust-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(put("/api/v1/admin/challenges/" + slug).header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content(Arena.definition(""))).andExpect(status().isCreated());
        mvc.perform(post("/api/v1/admin/challenges/" + slug + "/tasks/t/phases/p/robustness").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The phase 'p' of t in " + slug + " has no answer key: there is "
                        + "nothing to score the entries against."));
        mvc.perform(post("/api/v1/admin/challenges/" + slug + "/tasks/t/phases/nope/robustness").header("Authorization", ADMIN))
                .andExpect(status().isNotFound());

        // results of an analysis that did not finish: 409 saying why
        long failed = jdbc.queryForObject("""
                insert into robustness_analysis (phase_id, answer_key_id, answer_key_version, seed, replicates, entries,
                       status, progress_total, requested_by, error)
                select p.id, p.active_answer_key_id, 1, 1, 10, '[]'::jsonb, 'FAILED', 0, 'organizer', 'Refused it'
                  from phase p join task t on t.id = p.task_id join challenge c on c.id = t.challenge_id
                 where c.slug = ? and t.slug = 't' and p.slug = 'p' returning id
                """, Long.class, board.arena().slug);
        mvc.perform(get(board.arena().adminPhase() + "/robustness/" + failed + "?format=csv").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Robustness analysis " + failed + " is FAILED (Refused it); its "
                        + "results are there once it is DONE."));
        mvc.perform(get(board.arena().adminPhase() + "/robustness/" + failed + "/forest.svg").header("Authorization", ADMIN))
                .andExpect(status().isConflict());
    }

    @Test
    void aFinalSnapshotIsAnalysedOnceAutomatically() throws Exception {
        Board board = board("");
        mvc.perform(post(board.arena().adminPhase() + "/freeze").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"final\"}")).andExpect(status().isCreated());

        JsonNode automatic = awaitAutomatic(board.arena());
        assertThat(automatic.get("snapshot").asString()).isEqualTo("final");
        assertThat(automatic.get("requestedBy").asString()).isEqualTo("system");
        assertThat(automatic.get("replicates").asInt()).isEqualTo(1000);
        JsonNode done = awaitDone(board.arena(), automatic.get("id").asLong());
        assertThat(done.get("analysis").get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("result").get("entries")).hasSize(3);

        // the check for missed snapshots queues no second one
        finalSnapshots.analyseFinalSnapshots();
        JsonNode list = json(mvc.perform(get(board.arena().adminPhase() + "/robustness").header("Authorization", ADMIN)));
        assertThat(list).hasSize(1);
        // an organizer may analyse the snapshot again, with its own seed
        start(board.arena(), "{\"snapshot\":\"final\",\"replicates\":20}").andExpect(status().isAccepted())
                .andExpect(jsonPath("$.analysis.snapshot").value("final"))
                .andExpect(jsonPath("$.analysis.automatic").value(false));
    }

    @Test
    void aTeamSeesItsOwnIntervalOnlyWhereItMaySeeScores() throws Exception {
        Board board = board("");
        long id = json(start(board.arena(), "{\"replicates\":100,\"seed\":7}")).get("analysis").get("id").asLong();
        JsonNode done = awaitDone(board.arena(), id);
        Participant team = board.teams().get(1);
        int index = indexOf(done, team.team());
        JsonNode expected = done.get("result").get("entries").get(index);

        mvc.perform(get(board.arena().phase() + "/robustness/mine").header("Authorization", bearer(team.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.analysisId").value(id))
                .andExpect(jsonPath("$.team").value(team.team()))
                .andExpect(jsonPath("$.mAP").value(expected.get("mAP").asDouble()))
                .andExpect(jsonPath("$.mAPLow").value(expected.get("mAPLow").asDouble()))
                .andExpect(jsonPath("$.mAPHigh").value(expected.get("mAPHigh").asDouble()))
                .andExpect(jsonPath("$.entries").value(3))
                .andExpect(jsonPath("$.labels").doesNotExist());
        Participant outsider = api().approved(board.arena(), "Robust outsider");
        mvc.perform(get(board.arena().phase() + "/robustness/mine").header("Authorization", bearer(outsider.token())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No finished robustness analysis of the phase 'p' of t in "
                        + board.arena().slug + " has an entry of team '" + outsider.team() + "'."));
        mvc.perform(get(board.arena().phase() + "/robustness/mine").header("Authorization", ADMIN))
                .andExpect(status().isForbidden());

        // hidden until the phase closes: not before, then yes
        board.arena().patchPhase("{\"visibility\":\"HIDDEN_UNTIL_CLOSE\",\"closesAt\":\"2099-01-01T00:00:00Z\"}")
                .andExpect(status().isOk());
        mvc.perform(get(board.arena().phase() + "/robustness/mine").header("Authorization", bearer(team.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Scores of the phase 'p' of t in " + board.arena().slug
                        + " are hidden until it closes at 2099-01-01T00:00:00Z, and so are their confidence intervals."));
        board.arena().patchPhase("{\"closesAt\":\"2024-06-01T00:00:00Z\"}").andExpect(status().isOk());
        mvc.perform(get(board.arena().phase() + "/robustness/mine").header("Authorization", bearer(team.token())))
                .andExpect(status().isOk());
        board.arena().patchPhase("{\"visibility\":\"ORGANIZERS_ONLY\"}").andExpect(status().isOk());
        mvc.perform(get(board.arena().phase() + "/robustness/mine").header("Authorization", bearer(team.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Scores of the phase 'p' of t in " + board.arena().slug
                        + " are shown to organizers only, and so are their confidence intervals."));
        mvc.perform(get(board.arena().phase() + "/robustness/mine")).andExpect(status().isUnauthorized());
    }

    private JsonNode awaitAutomatic(Arena arena) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode list = json(mvc.perform(get(arena.adminPhase() + "/robustness").header("Authorization", ADMIN))
                    .andExpect(status().isOk()));
            for (JsonNode analysis : list) {
                if (analysis.get("automatic").asBoolean()) {
                    return analysis;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no automatic analysis after 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static int indexOf(JsonNode done, String team) {
        JsonNode entries = done.get("entries");
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).get("team").asString().equals(team)) {
                return i;
            }
        }
        throw new AssertionError("no entry of " + team);
    }
}
