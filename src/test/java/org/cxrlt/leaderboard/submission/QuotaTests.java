package org.cxrlt.leaderboard.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.AllAtOnce;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.HeldInQueue;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.cxrlt.leaderboard.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class QuotaTests extends ServiceTests {

    /** A quarter past three in the afternoon, UTC: the daily limit resets 8 h 45 min later. */
    private static final Instant NOW = Instant.parse("2025-03-14T15:15:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2025-03-15T00:00:00Z");

    @BeforeEach
    void pinTheClock() {
        TestClock.pin(NOW);
    }

    @AfterEach
    void releaseTheClock() {
        TestClock.release();
    }

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    private static final int RACERS = 20;

    /** Real HTTP requests on the server's port, released together: exactly one gets the last submission. */
    @Test
    void twentySimultaneousUploadsForTheLastSubmissionOfTheDayGiveExactlyOne202() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxPerDay\":2");
        Participant team = api().approved(arena, "Racers");
        byte[] predictions = Api.predictions(AnswerKeysForTests.TASK2, 0.5, 7);
        arena.submit(team.token(), predictions).andExpect(status().isAccepted()); // one left
        byte[] body = multipart(predictions);

        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            requests.add(HttpRequest.newBuilder(URI.create("http://localhost:" + port + arena.phase() + "/submissions"))
                    .header("Authorization", bearer(team.token()))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
        }
        List<HttpResponse<String>> answers = AllAtOnce.send(requests);
        int accepted = 0;
        List<HttpResponse<String>> refused = new ArrayList<>();
        for (HttpResponse<String> response : answers) {
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                refused.add(response);
            }
        }
        assertThat(accepted).isEqualTo(1);
        assertThat(refused).hasSize(RACERS - 1);
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
            assertThat(NOW.plusSeconds(retryAfter)).isEqualTo(MIDNIGHT);
            JsonNode problem = JsonMapper.builder().build().readTree(response.body());
            assertThat(problem.get("detail").asString()).isEqualTo("Your team has used its 2 submissions of "
                    + "today in the phase 'p' of t in " + arena.slug + " (maxPerDay); the daily limit resets at "
                    + MIDNIGHT + " (midnight UTC).");
        }
        Integer stored = jdbc.queryForObject("select count(*) from submission s join phase p on p.id = s.phase_id "
                + "join task t on t.id = p.task_id join challenge c on c.id = t.challenge_id where c.slug = ?",
                Integer.class, arena.slug);
        assertThat(stored).isEqualTo(2);
    }

    @Test
    void theTotalLimitIsPerTeamAndFailedSubmissionsDoNotCount() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxTotal\":1");
        Participant team = api().approved(arena, "Total");
        String csv = new String(Api.predictions(AnswerKeysForTests.TASK2, 0.5, 8), StandardCharsets.UTF_8);
        byte[] refusedLater = csv.replaceFirst("\n[^,]+,", "\nno-such-image,").getBytes(StandardCharsets.UTF_8);
        long failed = json(arena.submit(team.token(), refusedLater).andExpect(status().isAccepted())).get("id").asLong();
        assertThat(api().awaitScoring(team.token(), failed).get("status").asString()).isEqualTo("FAILED");

        arena.submit(team.token(), csv.getBytes(StandardCharsets.UTF_8)).andExpect(status().isAccepted());
        arena.submit(team.token(), csv.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().doesNotExist("Retry-After"))
                .andExpect(jsonPath("$.detail").value("Your team has used all 1 submissions allowed in the phase 'p' "
                        + "of t in " + arena.slug + " (maxTotal); failed and cancelled ones do not count."));
        // Another team has its own quota.
        Participant other = api().approved(arena, "Other total");
        arena.submit(other.token(), csv.getBytes(StandardCharsets.UTF_8)).andExpect(status().isAccepted());
    }

    @Test
    void theInFlightLimitCountsQueuedAndScoring() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxInFlight\":1");
        Participant team = api().approved(arena, "In flight");
        try (HeldInQueue held = HeldInQueue.hold(jdbc, dataSource, arena, team)) {
            arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 10))
                    .andExpect(status().isTooManyRequests())
                    .andExpect(jsonPath("$.detail").value("Your team already has 1 submissions queued or being scored in "
                            + "the phase 'p' of t in " + arena.slug + ", the most allowed at once (maxInFlight): wait for "
                            + "one to finish, or cancel a queued one."));
            mvc.perform(get(arena.phase() + "/quota").header("Authorization", bearer(team.token())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.inFlight").value(1))
                    .andExpect(jsonPath("$.remainingInFlight").value(0));
        }
    }

    @Test
    void theQuotaShowsWhatIsUsedAndLeft() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxPerDay\":3,\"maxTotal\":10");
        Participant team = api().approved(arena, "Counting");
        arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 11)).andExpect(status().isAccepted());
        mvc.perform(get(arena.phase() + "/quota").header("Authorization", bearer(team.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.usedToday").value(1))
                .andExpect(jsonPath("$.remainingToday").value(2))
                .andExpect(jsonPath("$.usedTotal").value(1))
                .andExpect(jsonPath("$.remainingTotal").value(9))
                .andExpect(jsonPath("$.remainingInFlight").isEmpty())
                .andExpect(jsonPath("$.resetsAt").value(MIDNIGHT.toString()));
        Participant other = api().approved(arena, "Counting other");
        mvc.perform(get(arena.phase() + "/quota").header("Authorization", bearer(other.token())))
                .andExpect(jsonPath("$.usedTotal").value(0));
        mvc.perform(get(arena.phase() + "/quota").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Quotas are per team; the organizer token belongs to no team."));
        mvc.perform(get(arena.phase() + "/quota"))
                .andExpect(status().isUnauthorized());
    }

    private static final String BOUNDARY = "quota-race-" + UUID.randomUUID();

    private static byte[] multipart(byte[] file) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(file);
        body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }
}
