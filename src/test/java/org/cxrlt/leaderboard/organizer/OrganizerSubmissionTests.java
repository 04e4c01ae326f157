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

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.OrganizerApi;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.cxrlt.leaderboard.support.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The organizers' tools on submissions: listing, export, original files, rescoring, disqualification, baselines. */
class OrganizerSubmissionTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);

    @Autowired
    private DataSource dataSource;

    private Stage stage;
    private OrganizerApi organizer;
    private SyntheticData data;

    @BeforeEach
    void stage() throws Exception {
        stage = Stage.create(jdbc, CxrLt2024.TASK2_LABELS, Instant.parse("2024-08-01T00:00:00Z"),
                Instant.parse("2099-01-01T00:00:00Z"));
        organizer = new OrganizerApi(mvc, stage);
        data = CxrLt2024.synthetic(CxrLt2024.TASK2_LABELS, 406, 32);
        organizer.uploadAnswerKey("development", Api.answerKey(data)).andExpect(status().isOk());
    }

    private long submitted(Participant team, double skill, long seed) throws Exception {
        long id = json(organizer.submit(team.token(), "development", Api.predictions(data, skill, seed))
                .andExpect(status().isAccepted())).get("id").asLong();
        assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
        return id;
    }

    @Test
    void organizersListEverySubmissionNewestFirstAndFilterThem() throws Exception {
        Participant first = api().approved("Listed", stage.challenge());
        Participant second = api().approved("Also listed", stage.challenge());
        long older = submitted(first, 0.5, 1);
        long newer = submitted(second, 0.6, 2);
        String list = stage.admin("development") + "/submissions";

        mvc.perform(get(list).header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(2))
                .andExpect(jsonPath("$.items[0].id").value(newer))
                .andExpect(jsonPath("$.items[1].id").value(older));
        mvc.perform(get(list).param("team", first.team().toUpperCase()).header("Authorization", ADMIN))
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].team").value(first.team()));
        mvc.perform(get(list).param("status", "failed").header("Authorization", ADMIN))
                .andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get(list).param("status", "SCORED").param("size", "1").param("page", "1")
                        .header("Authorization", ADMIN))
                .andExpect(jsonPath("$.totalPages").value(2))
                .andExpect(jsonPath("$.items[0].id").value(older));

        mvc.perform(get(list).param("status", "DONE").header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "status must be one of QUEUED, SCORING, SCORED, FAILED, CANCELLED, not 'DONE'."));
        mvc.perform(get(list).param("size", "0").header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("page must be 0 or more and size between 1 and 100."));
        mvc.perform(get(list).header("Authorization", bearer(first.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));
    }

    @Test
    void theCsvExportHasEverySubmissionWithEveryLabelsAp() throws Exception {
        Participant team = api().approved("Comma, Inc", stage.challenge());
        long id = json(organizer.submit(team.token(), "development", Api.predictions(data, 0.6, 4),
                "predictions.csv", "text/csv", "line one\nline \"two\"")).get("id").asLong();
        JsonNode scored = api().awaitScoring(team.token(), id);

        var response = mvc.perform(get(stage.admin("development") + "/submissions.csv").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"" + stage.challenge() + "-staged-development-submissions.csv\""))
                .andReturn().getResponse();
        String csv = response.getContentAsString(StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("id,team,baseline,participantId,submittedAt,scoredAt,status,description,"
                + "fileName,fileSize,disqualified,answerKeyVersion,mAP,mAUROC,mF1,mECE,head,medium,tail,"
                + "AP Atelectasis,AP Calcification of the Aorta,");
        assertThat(lines[0].split(",")).hasSize(19 + 26 + 4); // the fact sheet's four last
        assertThat(lines[0]).endsWith(",methodName,methodDescription,codeUrl,paperUrl");
        String row = csv.substring(csv.indexOf("\r\n") + 2);
        String team2 = "\"" + team.team().replace("\"", "\"\"") + "\"";
        assertThat(row).startsWith(id + "," + team2 + ",false," + team.id() + ",")
                .contains(",SCORED,\"line one\nline \"\"two\"\"\",predictions.csv,")
                .contains(",," + "1," + scored.at("/scores/mAP").asDouble() + ","
                        + scored.at("/scores/mAUROC").asDouble() + ",")
                .contains("," + scored.at("/labels/0/ap").asDouble() + ",")
                .endsWith(scored.at("/labels/25/ap").asDouble() + ",,,,\r\n");
    }

    @Test
    void theOriginalFileComesBackByteForByteWhateverItsKind() throws Exception {
        Participant team = api().approved("Files", stage.challenge());
        byte[] csv = Api.predictions(data, 0.5, 5);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(csv);
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("results/predictions.csv"));
            out.write(csv);
            out.closeEntry();
        }
        record Upload(byte[] bytes, String name, String type) {
        }
        for (Upload upload : List.of(new Upload(csv, "mine.csv", "text/csv"),
                new Upload(gz.toByteArray(), "mine.csv.gz", "application/gzip"),
                new Upload(zip.toByteArray(), "mine (v2).zip", "application/zip"))) {
            long id = json(organizer.submit(team.token(), "development", upload.bytes(), upload.name(), upload.type(),
                    "kind").andExpect(status().isAccepted())).get("id").asLong();
            var response = mvc.perform(get("/api/v1/admin/submissions/" + id + "/file").header("Authorization", ADMIN))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType(upload.type()))
                    .andReturn().getResponse();
            assertThat(response.getContentAsByteArray()).as(upload.name()).isEqualTo(upload.bytes());
            assertThat(response.getHeader("Content-Disposition")).startsWith("attachment;")
                    .contains(upload.name().equals("mine (v2).zip") ? "filename=\"mine_v2_.zip\""
                            : "filename=\"" + upload.name() + "\"");
            assertThat(response.getContentLengthLong()).isEqualTo(upload.bytes().length);
            if (upload.name().equals("mine.csv")) {
                // compressed by the service (zstd), decompressed on the way out; and the same from
                // a file stored gzipped, as the service stored plain uploads before
                assertThat(jdbc.queryForObject("select compression from submission_file where submission_id = ?",
                        String.class, id)).isEqualTo("ZSTD");
                jdbc.update("delete from submission_file_part where submission_id = ?", id);
                jdbc.update("update submission_file set compression = 'GZIP', stored_length = null, content = ? "
                        + "where submission_id = ?", gz.toByteArray(), id);
                mvc.perform(get("/api/v1/admin/submissions/" + id + "/file").header("Authorization", ADMIN))
                        .andExpect(status().isOk())
                        .andExpect(content().contentType(upload.type()))
                        .andExpect(content().bytes(csv));
            }
        }
        mvc.perform(get("/api/v1/admin/submissions/999999999/file").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no submission 999999999."));
    }

    @Test
    void aDisqualifiedSubmissionLeavesTheLeaderboardButItsTeamSeesWhy() throws Exception {
        Participant cheat = api().approved("Disqualified", stage.challenge());
        Participant honest = api().approved("Honest", stage.challenge());
        long bad = submitted(cheat, 0.9, 6);
        submitted(honest, 0.3, 7);
        String leaderboard = stage.path("development") + "/leaderboard";
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].team").value(cheat.team()));

        String disqualify = "/api/v1/admin/submissions/" + bad + "/disqualify";
        mvc.perform(post(disqualify).header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "A disqualification needs a reason: send {\"reason\": \"...\"}; the team will see it."));
        mvc.perform(post(disqualify).header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"  \"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post(disqualify).header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"Trained on the test images.\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disqualified").value("Trained on the test images."));
        mvc.perform(post(disqualify).header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"again\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Submission " + bad
                        + " is already disqualified (Trained on the test images.)."));
        mvc.perform(post("/api/v1/admin/submissions/999999999/disqualify").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"x\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no submission 999999999."));

        mvc.perform(get(leaderboard))
                .andExpect(jsonPath("$.entries.length()").value(1))
                .andExpect(jsonPath("$.entries[0].team").value(honest.team()));
        JsonNode seen = api().submission(cheat.token(), bad);
        assertThat(seen.get("disqualified").asString()).isEqualTo("Trained on the test images.");
        assertThat(seen.get("status").asString()).isEqualTo("SCORED");

        mvc.perform(post("/api/v1/admin/submissions/" + bad + "/requalify").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disqualified").doesNotExist());
        mvc.perform(get(leaderboard)).andExpect(jsonPath("$.entries[0].team").value(cheat.team()));
        mvc.perform(post("/api/v1/admin/submissions/" + bad + "/requalify").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Submission " + bad + " is not disqualified."));

        JsonNode audit = json(mvc.perform(get("/api/v1/admin/audit").param("action", "submission.disqualify")
                .param("size", "100").header("Authorization", ADMIN)));
        JsonNode entry = AnswerKeyVersionTests.find(audit, "submission:" + bad);
        assertThat(entry.at("/before/disqualified").isNull()).isTrue();
        assertThat(entry.at("/after/disqualified").asString()).isEqualTo("Trained on the test images.");
        AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit").param("action", "submission.requalify")
                .param("size", "100").header("Authorization", ADMIN))), "submission:" + bad);
    }

    @Test
    void aBaselineIsShownFlaggedAmongTheTeamsWithoutARank() throws Exception {
        Participant strong = api().approved("Strong", stage.challenge());
        Participant weak = api().approved("Weak", stage.challenge());
        submitted(strong, 0.95, 8);
        submitted(weak, 0.05, 9);
        long baseline = json(organizer.baseline("development", "Organizers' ResNet-50", Api.predictions(data, 0.5, 10))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.baseline").value(true))).get("id").asLong();
        assertThat(api().awaitScoring(ORGANIZER_TOKEN, baseline).get("status").asString()).isEqualTo("SCORED");

        JsonNode board = json(mvc.perform(get(stage.path("development") + "/leaderboard")));
        JsonNode entries = board.get("entries");
        assertThat(entries.size()).isEqualTo(3);
        assertThat(entries.get(0).get("team").asString()).isEqualTo(strong.team());
        assertThat(entries.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(entries.get(0).get("baseline").asBoolean()).isFalse();
        assertThat(entries.get(1).get("team").asString()).isEqualTo("Organizers' ResNet-50");
        assertThat(entries.get(1).get("baseline").asBoolean()).isTrue();
        assertThat(entries.get(1).get("rank").isNull()).isTrue();
        assertThat(entries.get(2).get("team").asString()).isEqualTo(weak.team());
        assertThat(entries.get(2).get("rank").asInt()).as("the baseline takes no rank").isEqualTo(2);
        String csv = mvc.perform(get(stage.path("development") + "/leaderboard").param("format", "csv"))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv).contains("\r\n,Organizers' ResNet-50," + baseline + ",").contains(",1,true,\r\n");

        AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit").param("action", "baseline.upload")
                .param("size", "100").header("Authorization", ADMIN))), stage.challenge() + "/staged/development");
    }

    @Test
    void aBaselineNeedsANameAFileAndAnAnswerKey() throws Exception {
        byte[] file = Api.predictions(data, 0.5, 11);
        organizer.baseline("development", null, file)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "A baseline needs a name (form field 'name'), shown on the leaderboard."));
        organizer.baseline("test", "No key", file)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The phase 'test' of staged in " + stage.challenge()
                        + " has no answer key yet, so a baseline could not be scored; upload the answer key first."));
        organizer.baseline("development", "Empty", new byte[0])
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value("The file is empty."));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart(stage.admin("development") + "/baselines").param("name", "No file")
                        .header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The upload needs the file in a multipart part named 'file'."));
    }

    @Test
    void aRescoreDoesNotHoldTheTeamsInFlightQuota() throws Exception {
        Participant team = api().approved("Quota kept", stage.challenge());
        long id = submitted(team, 0.5, 13);
        // A KEY SHARE lock keeps the workers' claim (FOR UPDATE SKIP LOCKED) off it while it is queued
        // again, and lets plain updates through.
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            try (PreparedStatement lock = held.prepareStatement("select 1 from submission where id = ? for key share")) {
                lock.setLong(1, id);
                lock.executeQuery().close();
            }
            mvc.perform(post("/api/v1/admin/submissions/" + id + "/rescore").header("Authorization", ADMIN))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.status").value("QUEUED"));
            mvc.perform(get(stage.path("development") + "/quota").header("Authorization", bearer(team.token())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.inFlight").value(0));
            mvc.perform(post("/api/v1/submissions/" + id + "/cancel").header("Authorization", bearer(team.token())))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value("Submission " + id + " is queued to be re-scored by the "
                            + "organizers, which cannot be cancelled."));
            held.rollback();
        }
        jdbc.queryForList("select pg_notify('cxrlt_submission_queued', ?)", Long.toString(id));
        assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
    }

    @Test
    void oneSubmissionIsRescoredOnlyWhenScoredOrFailed() throws Exception {
        Participant team = api().approved("Rescored", stage.challenge());
        long id = submitted(team, 0.5, 12);
        mvc.perform(post("/api/v1/admin/submissions/" + id + "/rescore").header("Authorization", ADMIN))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value(id));
        assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
        JsonNode audited = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "submission.rescore").param("size", "100").header("Authorization", ADMIN))),
                "submission:" + id);
        assertThat(audited.at("/before/status").asString()).isEqualTo("SCORED");
        assertThat(audited.at("/after/status").asString()).isEqualTo("QUEUED");

        Long teamId = jdbc.queryForObject("select team_id from submission where id = ?", Long.class, id);
        // Rows no worker will take: a lease far from expiry, and a cancelled one.
        long scoring = jdbc.queryForObject("""
                insert into submission (phase_id, team_id, status, file_size, attempts, lease_expires_at, leased_by)
                values (?, ?, 'SCORING', 1, 1, now() + interval '1 hour', 'elsewhere') returning id
                """, Long.class, stage.developmentId(), teamId);
        long cancelled = jdbc.queryForObject("""
                insert into submission (phase_id, team_id, status, file_size) values (?, ?, 'CANCELLED', 1) returning id
                """, Long.class, stage.developmentId(), teamId);
        mvc.perform(post("/api/v1/admin/submissions/" + scoring + "/rescore").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Submission " + scoring
                        + " is SCORING: it will be scored against the active answer key anyway."));
        mvc.perform(post("/api/v1/admin/submissions/" + cancelled + "/rescore").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Submission " + cancelled
                        + " was cancelled by its team, so it is not scored."));
        mvc.perform(post("/api/v1/admin/submissions/999999999/rescore").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no submission 999999999."));
        jdbc.update("update submission set status = 'CANCELLED', lease_expires_at = null where id = ?", scoring);
    }
}
