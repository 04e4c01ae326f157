package org.cxrlt.leaderboard.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class SubmissionTests extends ServiceTests {

    private SyntheticData task2;

    @BeforeEach
    void answerKey() throws Exception {
        task2 = AnswerKeysForTests.ensure(api(), jdbc, "task2");
    }

    @Test
    void anAcceptedUploadIsStoredCompressedAndQueuedBeforeThe202() throws Exception {
        Participant team = api().approved("Uploaders");
        byte[] predictions = Api.predictions(task2, 0.5, 1);

        JsonNode accepted = json(api().submit(team.token(), "task2", "development", predictions)
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", startsWith("/api/v1/submissions/")))
                .andExpect(jsonPath("$.status").value(org.hamcrest.Matchers.oneOf("QUEUED", "SCORING", "SCORED")))
                .andExpect(jsonPath("$.team").value(team.team()))
                .andExpect(jsonPath("$.phase").value("development"))
                .andExpect(jsonPath("$.description").value("from the tests")));

        long id = accepted.get("id").asLong();
        String compression = jdbc.queryForObject("select compression from submission_file where submission_id = ?",
                String.class, id);
        byte[] stored = jdbc.queryForObject("select string_agg(content, ''::bytea order by part) "
                + "from submission_file_part where submission_id = ?", byte[].class, id);
        assertThat(compression).isEqualTo("ZSTD");
        assertThat(stored.length).isLessThan(predictions.length);
        assertThat(CompressedUpload.Compression.ZSTD.decode(new ByteArrayInputStream(stored), predictions.length)
                .readAllBytes()).isEqualTo(predictions);
    }

    @Test
    void aSubmissionIsScoredAndItsTeamSeesEveryLabel() throws Exception {
        Participant team = api().approved("Scored");
        long id = json(api().submit(team.token(), "task2", "development", Api.predictions(task2, 0.8, 2))
                .andExpect(status().isAccepted())).get("id").asLong();

        JsonNode scored = api().awaitScoring(team.token(), id);

        assertThat(scored.get("status").asString()).isEqualTo("SCORED");
        assertThat(scored.get("scoredAt").isNull()).isFalse();
        assertThat(scored.at("/scores/mAP").asDouble()).isBetween(0.0, 1.0);
        assertThat(scored.at("/groups/head").asDouble()).isBetween(0.0, 1.0);
        assertThat(scored.get("labels").size()).isEqualTo(26);
        assertThat(scored.at("/labels/14/label").asString()).isEqualTo("Normal");
        assertThat(scored.get("errors").size()).isZero();
    }

    @Test
    void aFileTheCoreRefusesAtScoringTimeFailsWithItsMessages() throws Exception {
        Participant team = api().approved("Refused later");
        String csv = new String(Api.predictions(task2, 0.5, 3), StandardCharsets.UTF_8);
        String[] lines = csv.split("\n", -1);
        lines[1] = lines[1].replaceFirst("^[^,]+", "no-such-image");
        byte[] broken = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        long id = json(api().submit(team.token(), "task2", "development", broken)
                .andExpect(status().isAccepted())).get("id").asLong();

        JsonNode failed = api().awaitScoring(team.token(), id);

        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("scores").isNull()).isTrue();
        assertThat(failed.get("errors").get(0).asString())
                .startsWith("1 of the answer key's 406 ids is missing from the submission");
        Integer attempts = jdbc.queryForObject("select attempts from submission where id = ?", Integer.class, id);
        assertThat(attempts).as("a refusal is final, not retried").isEqualTo(1);
    }

    @Test
    void anonymousUploadsNeedAToken() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart(Api.phasePath("task2", "development") + "/submissions").file("file", new byte[] {1}))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aPendingParticipantCannotSubmit() throws Exception {
        Participant pending = api().register("Pending");
        api().submit(pending.token(), "task2", "development", Api.predictions(task2, 0.5, 4))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(
                        "Your registration is still pending: you can submit once an organizer has approved it."));
    }

    @Test
    void aRejectedParticipantCannotSubmitAndIsToldWhy() throws Exception {
        Participant rejected = api().register("Rejected");
        mvc.perform(post("/api/v1/admin/registrations/" + rejected.id() + "/reject")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"duplicate account\"}"))
                .andExpect(status().isOk());
        api().submit(rejected.token(), "task2", "development", Api.predictions(task2, 0.5, 5))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(
                        "Your registration was rejected (duplicate account), so you cannot submit."));
    }

    @Test
    void anUnknownPhaseIsNotFound() throws Exception {
        Participant team = api().approved("Lost");
        api().submit(team.token(), "task2", "final", Api.predictions(task2, 0.5, 6))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Task 'task2' of challenge 'cxr-lt-2024' has no phase 'final'."));
    }

    @Test
    void aClosedPhaseRefusesUploads() throws Exception {
        Participant team = api().approved("Late");
        api().submit(team.token(), "task1", "test", Api.predictions(task2, 0.5, 7))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(
                        "The phase 'test' of task1 in cxr-lt-2024 is closed: it closed at 2024-09-15T00:00:00Z."));
    }

    @Test
    void aPhaseNotOpenYetRefusesUploads() throws Exception {
        Participant team = api().approved("Eager");
        String phase = "/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test";
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch(phase)
                        .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opensAt\":\"2099-01-01T00:00:00Z\",\"closesAt\":null}"))
                .andExpect(status().isOk());
        try {
            api().submit(team.token(), "task3", "test", "dicom_id\n".getBytes(StandardCharsets.UTF_8))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value(
                            "The phase 'test' of task3 in cxr-lt-2024 is not open yet: it opens at 2099-01-01T00:00:00Z."));
        } finally {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch(phase)
                            .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"opensAt\":\"2024-08-01T00:00:00Z\",\"closesAt\":\"2024-09-15T00:00:00Z\"}"))
                    .andExpect(status().isOk());
        }
    }

    @Test
    void organizersDoNotSubmit() throws Exception {
        api().submit(ORGANIZER_TOKEN, "task2", "development", Api.predictions(task2, 0.5, 11))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(
                        "The organizer token belongs to no team: submit with a participant's token."));
        mvc.perform(get(Api.phasePath("task2", "development") + "/submissions")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(
                        "Only participants have submissions; the organizer token belongs to no team."));
    }

    @Test
    void aTooLongDescriptionIsABadRequest() throws Exception {
        Participant team = api().approved("Verbose");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart(Api.phasePath("task2", "development") + "/submissions")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "p.csv", "text/csv",
                                Api.predictions(task2, 0.5, 12)))
                        .param("description", "x".repeat(2001))
                        .header("Authorization", bearer(team.token())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The description is longer than 2000 characters."));
    }

    @Test
    void aPhaseWithoutAnswerKeyRefusesUploads() throws Exception {
        Participant team = api().approved("Early");
        api().submit(team.token(), "task3", "development", "dicom_id\n".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The phase 'development' of task3 in cxr-lt-2024 has no "
                        + "answer key yet, so nothing can be scored; submit again once the organizers have uploaded it."));
    }

    @Test
    void aHeaderWithoutEveryLabelIsRefusedAtOnce() throws Exception {
        Participant team = api().approved("Sloppy");
        Long before = jdbc.queryForObject("select count(*) from submission", Long.class);
        api().submit(team.token(), "task2", "development",
                        "dicom_id,Atelectasis\nimg1,0.5\n".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The file was refused: 25 problems found, listed in errors."))
                .andExpect(jsonPath("$.errors[0]").value(
                        "line 1: label column \"Calcification of the Aorta\" is missing from the header"))
                .andExpect(jsonPath("$.errors[20]").value("... and 5 more problems not listed (25 in all)"));
        assertThat(jdbc.queryForObject("select count(*) from submission where team_id = "
                + "(select id from team where name = ?)", Long.class, team.team())).isZero();
        assertThat(before).isNotNull();
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        Participant team = api().approved("Empty");
        api().submit(team.token(), "task2", "development", new byte[0])
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value("The file is empty."));
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeStoring() throws Exception {
        Participant team = api().approved("Huge");
        byte[] huge = new byte[2 * 1024 * 1024 + 1];
        Arrays.fill(huge, (byte) 'x');
        api().submit(team.token(), "task2", "development", huge)
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.detail").value("The file is larger than the limit of 2 MB."));
    }

    @Test
    void overTheLimitOverRealHttpIsA413ProblemToo() throws Exception {
        Participant team = api().approved("Huge over HTTP");
        String boundary = "cxrltboundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 3 * 1024 * 1024 + tail.length];
        Arrays.fill(body, (byte) 'x');
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + Api.phasePath("task2", "development") + "/submissions"))
                .header("Authorization", bearer(team.token()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("The file is larger than the limit of 2 MB.");
    }

    @Test
    void aClosedPhaseAnswersBeforeTheFileIsSent() throws Exception {
        Participant team = api().approved("Late with a big file");
        byte[] body = new byte[3 * 1024 * 1024];
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + Api.phasePath("task1", "test") + "/submissions"))
                .header("Authorization", bearer(team.token()))
                .header("Content-Type", "multipart/form-data; boundary=never-read")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("is closed: it closed at 2024-09-15T00:00:00Z.");
    }

    @Test
    void anUploadWithoutAFilePartIsABadRequest() throws Exception {
        Participant team = api().approved("Forgetful");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart(Api.phasePath("task2", "development") + "/submissions")
                        .file("predictions", new byte[] {1})
                        .header("Authorization", bearer(team.token())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The upload needs the file in a multipart part named 'file'."));
    }

    @Test
    void anotherTeamsSubmissionIsNotFound() throws Exception {
        Participant owner = api().approved("Owner");
        Participant other = api().approved("Other");
        long id = json(api().submit(owner.token(), "task2", "development", Api.predictions(task2, 0.5, 8))
                .andExpect(status().isAccepted())).get("id").asLong();

        mvc.perform(get("/api/v1/submissions/" + id).header("Authorization", bearer(other.token())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no submission " + id + " of your team."));
        mvc.perform(get("/api/v1/submissions/" + id).header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
    }

    @Test
    void theTeamsSubmissionsAreListedNewestFirstInPages() throws Exception {
        Participant team = api().approved("Prolific");
        long first = json(api().submit(team.token(), "task2", "development", Api.predictions(task2, 0.5, 9)))
                .get("id").asLong();
        long second = json(api().submit(team.token(), "task2", "development", Api.predictions(task2, 0.6, 10)))
                .get("id").asLong();

        mvc.perform(get(Api.phasePath("task2", "development") + "/submissions").param("size", "1")
                        .header("Authorization", bearer(team.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(second))
                .andExpect(jsonPath("$.totalItems").value(2))
                .andExpect(jsonPath("$.totalPages").value(2));
        mvc.perform(get(Api.phasePath("task2", "development") + "/submissions").param("size", "1").param("page", "1")
                        .header("Authorization", bearer(team.token())))
                .andExpect(jsonPath("$.items[*].id").value(hasItem((int) first)));
        mvc.perform(get(Api.phasePath("task2", "development") + "/submissions").param("size", "1000")
                        .header("Authorization", bearer(team.token())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("page must be 0 or more and size between 1 and 100."));
    }
}
