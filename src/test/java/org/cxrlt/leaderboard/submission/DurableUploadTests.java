package org.cxrlt.leaderboard.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.TokenAuthenticator;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * What a 202 promises under retries and races: the storing transaction checks again what
 * admission checked, and an Idempotency-Key makes a retry answer with the first submission.
 */
class DurableUploadTests extends ServiceTests {

    @Autowired
    private Submissions submissions;

    @Autowired
    private javax.sql.DataSource dataSource;

    @Autowired
    private TokenAuthenticator authenticator;

    @Autowired
    private org.cxrlt.leaderboard.participant.Enrolments enrolments;

    @Test
    void aPhaseClosedBetweenAdmissionAndStoringRefusesTheUpload() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant team = api().approved(arena, "Late");
        Caller caller = enrolments.in(authenticator.authenticate(team.token()).orElseThrow(), arena.slug);
        PhaseRef admitted = submissions.admit(caller, arena.slug, "t", "p");

        arena.patchPhase("{\"closesAt\":\"2024-06-01T00:00:00Z\"}").andExpect(status().isOk());

        assertThatThrownBy(() -> submissions.enqueue(admitted, caller.teamId(), caller.participantId(),
                new ByteArrayResource(predictions(41)), "late.csv", predictions(41).length, null))
                .isInstanceOf(SubmissionException.class)
                .hasFieldOrPropertyWithValue("statusCode", HttpStatus.CONFLICT)
                .hasMessage("The phase 'p' of t in " + arena.slug + " is closed: it closed at 2024-06-01T00:00:00Z.");
        assertThat(storedFor(caller)).isZero();
    }

    @Test
    void aPhasePausedBetweenAdmissionAndStoringRefusesTheUpload() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant team = api().approved(arena, "Paused");
        Caller caller = enrolments.in(authenticator.authenticate(team.token()).orElseThrow(), arena.slug);
        PhaseRef admitted = submissions.admit(caller, arena.slug, "t", "p");

        arena.patchPhase("{\"paused\":true}").andExpect(status().isOk());

        assertThatThrownBy(() -> submissions.enqueue(admitted, caller.teamId(), caller.participantId(),
                new ByteArrayResource(predictions(42)), "paused.csv", predictions(42).length, null))
                .isInstanceOf(SubmissionException.class)
                .hasFieldOrPropertyWithValue("statusCode", HttpStatus.CONFLICT)
                .hasMessageContaining("is paused by the organizers");
        assertThat(storedFor(caller)).isZero();
    }

    @Test
    void aQuotaUsedUpBetweenAdmissionAndStoringRefusesTheUpload() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxTotal\":1");
        Api.Participant team = api().approved(arena, "Raced");
        Caller caller = enrolments.in(authenticator.authenticate(team.token()).orElseThrow(), arena.slug);
        PhaseRef admitted = submissions.admit(caller, arena.slug, "t", "p");

        arena.submit(team.token(), predictions(43)).andExpect(status().isAccepted());

        assertThatThrownBy(() -> submissions.enqueue(admitted, caller.teamId(), caller.participantId(),
                new ByteArrayResource(predictions(44)), "second.csv", predictions(44).length, null))
                .isInstanceOf(SubmissionException.class)
                .hasFieldOrPropertyWithValue("statusCode", HttpStatus.TOO_MANY_REQUESTS);
        assertThat(storedFor(caller)).isEqualTo(1);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersWithTheFirstSubmissionAndCountsOnce() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxTotal\":1");
        Api.Participant team = api().approved(arena, "Retry");
        byte[] file = predictions(45);

        long first = Api.json(upload(arena, team, file, "retry-1").andExpect(status().isAccepted())
                .andExpect(header().doesNotExist("Idempotent-Replayed"))).get("id").asLong();
        // The quota is used up by the first: a retry is still answered, with the same submission.
        upload(arena, team, file, "retry-1")
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/submissions/" + first))
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.id").value(first));
        // A new key is a new upload, refused by the quota.
        upload(arena, team, file, "retry-2").andExpect(status().isTooManyRequests());

        Caller caller = enrolments.in(authenticator.authenticate(team.token()).orElseThrow(), arena.slug);
        assertThat(storedFor(caller)).isEqualTo(1);
    }

    @Test
    void simultaneousRetriesWithOneKeyStoreOneSubmission() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant team = api().approved(arena, "Simultaneous");
        byte[] file = predictions(46);
        int clients = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Callable<Long> retry = () -> {
                    start.await();
                    JsonNode body = Api.json(upload(arena, team, file, "same-key").andExpect(status().isAccepted()));
                    return body.get("id").asLong();
                };
                ids.add(pool.submit(retry));
            }
            start.countDown();
            List<Long> answered = new ArrayList<>();
            for (Future<Long> id : ids) {
                answered.add(id.get(60, TimeUnit.SECONDS));
            }
            assertThat(answered).hasSize(clients).containsOnly(answered.get(0));
        } finally {
            pool.shutdownNow();
        }
        Caller caller = enrolments.in(authenticator.authenticate(team.token()).orElseThrow(), arena.slug);
        assertThat(storedFor(caller)).isEqualTo(1);
    }

    @Test
    void ofTwoUploadsWithOneKeyThatMeetInTheStoringTransactionOnlyTheOneThatStoredIsNotAReplay() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant team = api().approved(arena, "Met");
        Caller caller = enrolments.in(authenticator.authenticate(team.token()).orElseThrow(), arena.slug);
        byte[] file = predictions(48);
        String key = "met-in-storing";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        // The key's lock, held here: both uploads pass the replay check (nothing is stored yet)
        // and wait for it in their storing transactions, where they meet.
        try (java.sql.Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(true);
            lockKey(holder, "pg_advisory_lock", caller.participantId(), key);
            List<Future<ResultActions>> answers = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 2; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return upload(arena, team, file, key);
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (waitingForTheKey() < 2) {
                assertThat(System.nanoTime()).as("both uploads wait for the key's lock within 60 s")
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
            lockKey(holder, "pg_advisory_unlock", caller.participantId(), key);

            List<String> replayed = new ArrayList<>();
            java.util.Set<Long> ids = new java.util.HashSet<>();
            for (Future<ResultActions> answer : answers) {
                ResultActions result = answer.get(60, TimeUnit.SECONDS).andExpect(status().isAccepted());
                replayed.add(result.andReturn().getResponse().getHeader("Idempotent-Replayed"));
                ids.add(Api.json(result).get("id").asLong());
            }
            assertThat(replayed).containsExactlyInAnyOrder(null, "true");
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(storedFor(caller)).isEqualTo(1);
    }

    /** Uploads waiting for an advisory lock (the key's, taken in store) held by another session. */
    private long waitingForTheKey() {
        Long waiting = jdbc.queryForObject("select count(*) from pg_locks where locktype = 'advisory' and not granted",
                Long.class);
        return waiting == null ? 0 : waiting;
    }

    /** The lock Submissions.store takes for an Idempotency-Key, taken or released on a session of its own. */
    private static void lockKey(java.sql.Connection connection, String function, long participantId, String key)
            throws java.sql.SQLException {
        try (var statement = connection.prepareStatement("select " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, "idempotency:" + participantId + ":" + key);
            statement.executeQuery().close();
        }
    }

    @Test
    void aKeyUsedForAnotherPhaseOrMalformedIsRefused() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Arena other = Arena.create(mvc, "");
        Api.Participant team = api().approved(arena, "Keys");
        api().enrolApproved(team, other.slug);
        long first = Api.json(upload(arena, team, predictions(47), "k-1").andExpect(status().isAccepted()))
                .get("id").asLong();

        upload(other, team, predictions(47), "k-1")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The Idempotency-Key 'k-1' was used for submission " + first
                        + " to another phase; use a new key for a new upload."));
        upload(arena, team, predictions(47), "has space")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The Idempotency-Key header must be 1 to 200 printable ASCII "
                        + "characters without spaces (a UUID is a good choice)."));
        upload(arena, team, predictions(47), "x".repeat(201)).andExpect(status().isBadRequest());
    }

    @Test
    void aHeaderLineOfManyMegabytesIsRefusedWithoutReadingItWhole() throws Exception {
        Api.Participant team = api().approved("Long line");
        AnswerKeysForTests.ensure(api(), jdbc, "task2");
        // 1.5 MB of one line, no line end: 2 KB once gzipped.
        byte[] gzip = gzip(("dicom_id," + "x".repeat(1_500_000)).getBytes());
        String problem = "the header (the first line) is longer than 1 MB without ending; a header of dicom_id and "
                + "the labels is a few hundred bytes";

        mvc.perform(multipart(Api.phasePath("task2", "development") + "/submissions")
                        .file(new MockMultipartFile("file", "long.csv.gz", "application/gzip", gzip))
                        .header("Authorization", Api.bearer(team.token())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value("The file was refused: " + problem + "."))
                .andExpect(jsonPath("$.errors[0]").value(problem));
        mvc.perform(multipart(Api.phasePath("task2", "development") + "/validate")
                        .file(new MockMultipartFile("file", "long.csv.gz", "application/gzip", gzip))
                        .header("Authorization", Api.bearer(team.token())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail", containsString("longer than 1 MB")));
    }

    private ResultActions upload(Arena arena, Api.Participant team, byte[] file, String key) throws Exception {
        return mvc.perform(multipart(arena.phase() + "/submissions")
                .file(new MockMultipartFile("file", "predictions.csv", "text/csv", file))
                .header("Authorization", Api.bearer(team.token()))
                .header("Idempotency-Key", key));
    }

    private long storedFor(Caller caller) {
        Long count = jdbc.queryForObject("select count(*) from submission where team_id = ?", Long.class,
                caller.teamId());
        return count == null ? 0 : count;
    }

    private static byte[] predictions(long seed) throws Exception {
        return Api.predictions(AnswerKeysForTests.TASK2, 0.7, seed);
    }

    private static byte[] gzip(byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }
}
