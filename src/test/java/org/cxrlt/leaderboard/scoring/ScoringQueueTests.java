package org.cxrlt.leaderboard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease rules, observed through the running workers, and the claim itself: submissions are
 * put into the table in the state a dead or failing worker would leave them, and the workers are
 * woken. Each test has a phase of its own (an {@link Arena}); the direct claims look only there,
 * so that no test takes another's submissions from the shared database.
 */
class ScoringQueueTests extends ServiceTests {

    @org.springframework.beans.factory.annotation.Autowired
    private SubmissionQueue queue;

    private SyntheticData task2;
    private long phaseId;
    private long teamId;

    @BeforeEach
    void phase() throws Exception {
        task2 = AnswerKeysForTests.TASK2;
        Arena arena = Arena.create(mvc, "");
        phaseId = jdbc.queryForObject("select p.id from phase p join task t on t.id = p.task_id "
                + "join challenge c on c.id = t.challenge_id where c.slug = ?", Long.class, arena.slug);
        String team = api().approved(arena, "Queue").team();
        teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team);
    }

    @Test
    void aSubmissionWhoseLeaseExpiredIsClaimedAgainAndScored() throws Exception {
        long id = insert("SCORING", 1, "now() - interval '1 minute'", "dead-instance/scoring-1");
        storeFile(id, Api.predictions(task2, 0.7, 31));
        wakeWorkers();

        Map<String, Object> row = awaitStatus(id, "SCORED");

        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("leased_by")).isNull();
    }

    @Test
    void aLiveLeaseIsLeftToItsWorker() throws Exception {
        long id = insert("SCORING", 1, "now() + interval '10 minutes'", "busy-instance/scoring-1");
        storeFile(id, Api.predictions(task2, 0.7, 32));

        assertThat(queue.claimInPhase("test-claimer", phaseId)).isEmpty();

        Map<String, Object> row = jdbc.queryForMap("select status, attempts, leased_by from submission where id = ?", id);
        assertThat(row).containsEntry("status", "SCORING").containsEntry("attempts", 1)
                .containsEntry("leased_by", "busy-instance/scoring-1");
        jdbc.update("update submission set status = 'CANCELLED', lease_expires_at = null where id = ?", id);
    }

    @Test
    void aSubmissionWhoseWorkerDiedOnTheLastAttemptFails() throws Exception {
        long id = insert("SCORING", 3, "now() - interval '1 minute'", "dead-instance/scoring-2");
        storeFile(id, Api.predictions(task2, 0.7, 33));
        wakeWorkers();

        Map<String, Object> row = awaitStatus(id, "FAILED");

        assertThat(row.get("attempts")).isEqualTo(3);
        assertThat(errors(id)).containsExactly("Scoring failed for an internal reason 3 times; the organizers have "
                + "been told. This is not a problem found in your file.");
    }

    @Test
    void anInternalErrorIsRetriedThreeTimesThenFails() throws Exception {
        // No stored file: reading it fails inside the worker, as a broken disk or database would.
        long id = insert("QUEUED", 0, "null", null);
        wakeWorkers();

        Map<String, Object> row = awaitStatus(id, "FAILED");

        assertThat(row.get("attempts")).isEqualTo(3);
        assertThat(errors(id)).singleElement().asString().startsWith("Scoring failed for an internal reason 3 times");
    }

    @Test
    void concurrentClaimsNeverTakeTheSameSubmission() throws Exception {
        java.util.List<Long> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            queued.add(insert("QUEUED", 0, "null", null)); // no file: a worker that gets one fails it, harmlessly
        }
        java.util.Set<Long> claimedByTests = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Thread> claimers = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String worker = "test-claimer-" + t;
            claimers.add(new Thread(() -> {
                java.util.Optional<Claim> claim;
                while ((claim = queue.claimInPhase(worker, phaseId)).isPresent()) {
                    if (!claimedByTests.add(claim.get().submissionId())) {
                        duplicates.incrementAndGet();
                    }
                }
            }));
        }
        claimers.forEach(Thread::start);
        for (Thread claimer : claimers) {
            claimer.join(20_000);
        }

        assertThat(duplicates).hasValue(0);
        assertThat(queued).containsAll(claimedByTests);
        for (long id : claimedByTests) {
            Map<String, Object> row = jdbc.queryForMap("select status, leased_by from submission where id = ?", id);
            assertThat(row.get("status")).isEqualTo("SCORING");
            assertThat((String) row.get("leased_by")).startsWith("test-claimer-");
        }
        jdbc.update("update submission set status = 'CANCELLED', lease_expires_at = null "
                + "where phase_id = ? and status = 'SCORING' and leased_by like 'test-claimer-%'", phaseId);
    }

    @Test
    void aNewSubmissionWakesTheWorkersAtOnceNotAtTheNextPoll() throws Exception {
        long id = insert("QUEUED", 0, "null", null);
        storeFile(id, Api.predictions(task2, 0.6, 34));
        long start = System.nanoTime();
        wakeWorkers(); // what the upload's transaction does on commit

        awaitStatus(id, "SCORED");

        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds, with a 30 s poll").isLessThan(10_000);
    }

    private long insert(String status, int attempts, String leaseExpiresAt, String leasedBy) {
        return jdbc.queryForObject("insert into submission (phase_id, team_id, status, file_size, attempts, "
                + "lease_expires_at, leased_by) values (?, ?, ?, 1, ?, " + leaseExpiresAt + ", ?) returning id",
                Long.class, phaseId, teamId, status, attempts, leasedBy);
    }

    private void storeFile(long id, byte[] csv) throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(csv);
        }
        jdbc.update("insert into submission_file (submission_id, compression, content) values (?, 'GZIP', ?)",
                id, gzipped.toByteArray());
    }

    private void wakeWorkers() {
        jdbc.queryForList("select pg_notify(?, 'test')", SubmissionQueue.CHANNEL);
    }

    private java.util.List<String> errors(long id) {
        return jdbc.queryForList("select unnest(errors) from submission where id = ?", String.class, id);
    }

    private Map<String, Object> awaitStatus(long id, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Map<String, Object> row = jdbc.queryForMap("select status, attempts, leased_by from submission where id = ?",
                    id);
            if (expected.equals(row.get("status"))) {
                return row;
            }
            assertThat(System.nanoTime()).as("submission %d still %s", id, row.get("status")).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
