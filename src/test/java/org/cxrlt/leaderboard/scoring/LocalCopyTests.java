package org.cxrlt.leaderboard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.StoredFile;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The hand-off of a plain upload to this instance's workers ({@link LocalCopies}), and every case
 * in which the worker reads the stored file instead: each scores the same numbers, and a file the
 * core refuses fails with the same messages either way. The application's workers are stopped
 * meanwhile, so that each submission is claimed and scored by the test, at the moment it chooses.
 */
class LocalCopyTests extends ServiceTests {

    private static final String WORKER = "local-copy-test/scoring-1";

    @Autowired
    private SubmissionQueue queue;
    @Autowired
    private SubmissionScorer scorer;
    @Autowired
    private LocalCopies copies;
    @Autowired
    private ScoringWorkers applicationWorkers;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private TransactionTemplate transaction;

    private SyntheticData task2;
    private Arena arena;
    private Api.Participant team;
    private long phaseId;

    @BeforeEach
    void phase() throws Exception {
        task2 = AnswerKeysForTests.TASK2;
        arena = Arena.create(mvc, "");
        phaseId = jdbc.queryForObject("select p.id from phase p join task t on t.id = p.task_id "
                + "join challenge c on c.id = t.challenge_id where c.slug = ?", Long.class, arena.slug);
        team = api().approved(arena, "Local");
        applicationWorkers.stop();
    }

    @AfterEach
    void workersAgain() {
        applicationWorkers.start();
    }

    @Test
    void theWorkerReadsThePlainUploadThisInstanceKeptAndScoresTheSameNumbers() throws Exception {
        byte[] csv = Api.predictions(task2, 0.7, 61);
        long fromDatabase = upload(gzip(csv), "predictions.csv.gz"); // came compressed: nothing kept
        assertThat(copies.file(fromDatabase)).isEmpty();
        long local = upload(csv, "predictions.csv");
        Path kept = copies.file(local).orElseThrow();
        assertThat(kept).exists().hasBinaryContent(csv);
        assertThat(copies.bytes()).isGreaterThanOrEqualTo(csv.length);

        double localReads = reads("local");
        double databaseReads = reads("database");
        scoreNext(fromDatabase);
        scoreNext(local);

        assertThat(reads("local") - localReads).isEqualTo(1);
        assertThat(reads("database") - databaseReads).isEqualTo(1);
        assertThat(kept).doesNotExist();
        assertThat(copies.file(local)).isEmpty();
        assertThat(statusOf(local)).isEqualTo("SCORED");
        assertThat(scores(local)).isEqualTo(scores(fromDatabase));
    }

    @Test
    void aMissingCopyIsReadFromTheDatabase() throws Exception {
        byte[] csv = Api.predictions(task2, 0.7, 62);
        long reference = scoredFromDatabase(csv);
        long id = upload(csv, "predictions.csv");
        Files.delete(copies.file(id).orElseThrow());
        assertThat(compression(id)).isEqualTo("ZSTD"); // the plain upload, compressed by the service

        double databaseReads = reads("database");
        scoreNext(id);

        assertThat(reads("database") - databaseReads).isEqualTo(1);
        assertThat(scores(id)).isEqualTo(scores(reference));
    }

    @Test
    void filesStoredGzippedBeforeZstdScoreTheSameNumbers() throws Exception {
        byte[] csv = Api.predictions(task2, 0.7, 70);
        long reference = scoredFromDatabase(csv);
        byte[] gzipped = gzip(csv);
        // as the service stored a plain upload before zstd: gzipped, in parts (V21) or whole
        long inParts = upload(csv, "predictions.csv");
        long whole = upload(csv, "predictions.csv");
        for (long id : new long[] {inParts, whole}) {
            Files.delete(copies.file(id).orElseThrow());
            jdbc.update("delete from submission_file_part where submission_id = ?", id);
        }
        transaction.executeWithoutResult(status -> {
            long stored = StoredFile.write(jdbc, inParts, out -> out.write(gzipped));
            jdbc.update("update submission_file set compression = 'GZIP', stored_length = ? where submission_id = ?",
                    stored, inParts);
        });
        jdbc.update("update submission_file set compression = 'GZIP', stored_length = null, content = ? "
                + "where submission_id = ?", gzipped, whole);

        scoreNext(inParts);
        scoreNext(whole);

        assertThat(statusOf(inParts)).isEqualTo("SCORED");
        assertThat(scores(inParts)).isEqualTo(scores(reference));
        assertThat(scores(whole)).isEqualTo(scores(reference));
    }

    @Test
    void aDamagedStoredFileFailsAsNotTheParticipantsFaultAfterItsAttempts() throws Exception {
        long id = upload(Api.predictions(task2, 0.7, 71), "predictions.csv");
        Files.delete(copies.file(id).orElseThrow());
        jdbc.update("update submission_file_part set content = overlay(content placing '\\x00000000000000000000'::bytea "
                + "from 200) where submission_id = ? and part = 0", id);

        for (int attempt = 1; attempt <= 3; attempt++) {
            scoreNext(id);
        }

        assertThat(statusOf(id)).isEqualTo("FAILED");
        assertThat(errors(id)).singleElement().asString().contains("This is not a problem found in your file");
    }

    @Test
    void aCopyThatFailsToReadFallsBackToTheDatabase() throws Exception {
        // Reading /proc/self/mem from its start fails with an I/O error (nothing is mapped there).
        Path failing = Path.of("/proc/self/mem");
        assumeThat(Files.isRegularFile(failing)).isTrue();
        byte[] csv = Api.predictions(task2, 0.7, 63);
        long reference = scoredFromDatabase(csv);
        long id = upload(csv, "predictions.csv");
        Path kept = copies.file(id).orElseThrow();
        Files.delete(kept);
        Files.createSymbolicLink(kept, failing);

        double databaseReads = reads("database");
        scoreNext(id);

        assertThat(reads("database") - databaseReads).isEqualTo(1);
        assertThat(statusOf(id)).isEqualTo("SCORED");
        assertThat(scores(id)).isEqualTo(scores(reference));
        assertThat(kept).doesNotExist();
    }

    @Test
    void aRetriedClaimReadsTheDatabaseAndTheCopyIsGone() throws Exception {
        byte[] csv = Api.predictions(task2, 0.7, 64);
        long reference = scoredFromDatabase(csv);
        long id = upload(csv, "predictions.csv");
        Path kept = copies.file(id).orElseThrow();
        Claim first = queue.claimInPhase(WORKER, phaseId).orElseThrow();
        queue.release(first, false); // the first attempt failed for an internal reason

        double databaseReads = reads("database");
        Claim second = queue.claimInPhase(WORKER, phaseId).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        scorer.score(second);

        assertThat(reads("database") - databaseReads).isEqualTo(1);
        assertThat(kept).doesNotExist();
        assertThat(scores(id)).isEqualTo(scores(reference));
    }

    @Test
    void aRescoreReadsTheDatabase() throws Exception {
        byte[] csv = Api.predictions(task2, 0.7, 65);
        long reference = scoredFromDatabase(csv);
        long id = upload(csv, "predictions.csv");
        Path kept = copies.file(id).orElseThrow();
        // As if it had been scored by another instance and sent for a rescore before the sweep ran.
        jdbc.update("update submission set rescore_requested_at = now() where id = ?", id);

        double databaseReads = reads("database");
        scoreNext(id);

        assertThat(reads("database") - databaseReads).isEqualTo(1);
        assertThat(kept).doesNotExist();
        assertThat(scores(id)).isEqualTo(scores(reference));
    }

    @Test
    void aCopyWhoseSubmissionAnotherInstanceClaimedIsDeletedByTheSweep() throws Exception {
        long id = upload(Api.predictions(task2, 0.7, 66), "predictions.csv");
        Path kept = copies.file(id).orElseThrow();
        Claim elsewhere = queue.claimInPhase("another-instance/scoring-1", phaseId).orElseThrow();
        assertThat(elsewhere.submissionId()).isEqualTo(id);

        copies.dropThoseNoLongerQueued();

        assertThat(kept).doesNotExist();
        assertThat(copies.file(id)).isEmpty();
        queue.release(elsewhere, false);
        jdbc.update("update submission set status = 'CANCELLED' where id = ?", id);
    }

    @Test
    void theSweepKeepsTheCopyOfAnUploadStillCommittingAndOfOneQueued() throws Exception {
        byte[] csv = Api.predictions(task2, 0.7, 69);
        long teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team.team());
        long id;
        try (CompressedUpload upload = stored(csv)) {
            id = transaction.execute(status -> {
                long inserted = jdbc.queryForObject("insert into submission (phase_id, team_id, file_size) "
                        + "values (?, ?, ?) returning id", Long.class, phaseId, teamId, csv.length);
                queue.announce(inserted, upload, csv.length);
                // After the copy is kept, before the commit: a sweep on another connection does not
                // see the submission yet.
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        Thread sweep = new Thread(copies::dropThoseNoLongerQueued);
                        sweep.start();
                        try {
                            sweep.join(30_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        assertThat(copies.file(inserted)).isPresent();
                    }
                });
                return inserted;
            });
        }
        copies.dropThoseNoLongerQueued();
        assertThat(copies.file(id)).isPresent(); // committed and QUEUED

        jdbc.update("update submission set status = 'CANCELLED' where id = ?", id); // as another instance would
        copies.dropThoseNoLongerQueued();
        assertThat(copies.file(id)).isEmpty();
    }

    @Test
    void aCancelledSubmissionsCopyIsDeleted() throws Exception {
        long id = upload(Api.predictions(task2, 0.7, 67), "predictions.csv");
        Path kept = copies.file(id).orElseThrow();

        mvc.perform(post("/api/v1/submissions/" + id + "/cancel").header("Authorization", Api.bearer(team.token())))
                .andExpect(status().isOk());

        assertThat(statusOf(id)).isEqualTo("CANCELLED");
        assertThat(kept).doesNotExist();
    }

    @Test
    void aFileTheCoreRefusesFailsWithTheSameMessagesEitherWay() throws Exception {
        String text = new String(Api.predictions(task2, 0.7, 68), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        lines[3] = lines[3].substring(0, lines[3].lastIndexOf(',') + 1) + "not-a-number";
        lines[5] = lines[5].substring(0, lines[5].lastIndexOf(',') + 1) + "1.5";
        byte[] csv = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        long fromDatabase = upload(gzip(csv), "predictions.csv.gz");
        long local = upload(csv, "predictions.csv");
        copies.file(local).orElseThrow();

        double localReads = reads("local");
        scoreNext(fromDatabase);
        scoreNext(local);

        assertThat(reads("local") - localReads).isEqualTo(1);
        assertThat(statusOf(local)).isEqualTo("FAILED");
        assertThat(errors(local)).isNotEmpty().isEqualTo(errors(fromDatabase));
    }

    @Test
    void anUploadBeyondTheBoundIsNotKeptAndOrphansAreDeletedAtStartUp(@TempDir Path directory) throws Exception {
        Path orphan = Files.writeString(directory.resolve("17.csv"), "left by an instance that crashed");
        ScoringSettings oneWorker = new ScoringSettings(1, java.time.Duration.ofSeconds(30), 3,
                java.time.Duration.ofSeconds(30), 4, java.time.Duration.ofSeconds(20));
        LocalCopies small = new LocalCopies(jdbc, new LocalCopySettings(DataSize.ofBytes(100), directory),
                org.cxrlt.leaderboard.system.UploadDirectory.current(), oneWorker, new org.cxrlt.leaderboard.evaluation.ReadLimits(1 << 20));
        assertThat(orphan).doesNotExist();

        byte[] fits = "x".repeat(60).getBytes(StandardCharsets.US_ASCII);
        try (CompressedUpload first = stored(fits); CompressedUpload second = stored(fits)) {
            small.keep(1, first, fits.length);
            small.keep(2, second, fits.length); // 120 bytes together: beyond the bound
        }

        assertThat(small.file(1)).isPresent();
        assertThat(small.file(2)).isEmpty();
        assertThat(small.bytes()).isEqualTo(60);
        try (LocalCopies.Taken taken = small.take(1).orElseThrow()) {
            assertThat(taken.file()).hasBinaryContent(fits);
        }
        assertThat(small.bytes()).isZero();
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aCopyThatIsNoLongerTheUploadOrBeyondTheDecompressionLimitIsNotRead(@TempDir Path directory) throws Exception {
        ScoringSettings oneWorker = new ScoringSettings(1, java.time.Duration.ofSeconds(30), 3,
                java.time.Duration.ofSeconds(30), 4, java.time.Duration.ofSeconds(20));
        // Files of more than 50 bytes are refused when the database's gzip of them is read: not kept.
        LocalCopies copies = new LocalCopies(jdbc, new LocalCopySettings(DataSize.ofBytes(1000), directory),
                org.cxrlt.leaderboard.system.UploadDirectory.current(), oneWorker, new org.cxrlt.leaderboard.evaluation.ReadLimits(50));
        byte[] large = "x".repeat(60).getBytes(StandardCharsets.US_ASCII);
        byte[] small = "x".repeat(40).getBytes(StandardCharsets.US_ASCII);
        try (CompressedUpload first = stored(large); CompressedUpload second = stored(small)) {
            copies.keep(1, first, large.length);
            copies.keep(2, second, small.length);
        }
        assertThat(copies.file(1)).isEmpty();
        Path kept = copies.file(2).orElseThrow();

        // Replaced by something else (another instance sharing the directory by mistake): not read.
        Files.writeString(kept, "y".repeat(41));
        assertThat(copies.take(2)).isEmpty();
        assertThat(copies.bytes()).isZero();
        assertThat(directory).isEmptyDirectory();
    }

    private static CompressedUpload stored(byte[] content) throws Exception {
        return CompressedUpload.of(new MockMultipartFile("file", "predictions.csv", "text/csv", content),
                content.length);
    }

    /** The same file uploaded gzipped (never kept) and scored: the numbers read from the database. */
    private long scoredFromDatabase(byte[] csv) throws Exception {
        long id = upload(gzip(csv), "predictions.csv.gz");
        scoreNext(id);
        assertThat(statusOf(id)).isEqualTo("SCORED");
        return id;
    }

    private void scoreNext(long expected) {
        Claim claim = queue.claimInPhase(WORKER, phaseId).orElseThrow();
        assertThat(claim.submissionId()).isEqualTo(expected);
        scorer.score(claim);
    }

    private long upload(byte[] file, String name) throws Exception {
        var response = mvc.perform(multipart("/api/v1/challenges/" + arena.slug + "/tasks/t/phases/p/submissions")
                        .file(new MockMultipartFile("file", name, "text/csv", file))
                        .header("Authorization", Api.bearer(team.token())))
                .andExpect(status().isAccepted());
        return Api.json(response).get("id").asLong();
    }

    private double reads(String source) {
        return meters.counter("cxrlt.scoring.reads", "source", source).count();
    }

    private String compression(long id) {
        return jdbc.queryForObject("select compression from submission_file where submission_id = ?", String.class, id);
    }

    private String statusOf(long id) {
        return jdbc.queryForObject("select status from submission where id = ?", String.class, id);
    }

    private List<String> errors(long id) {
        return jdbc.queryForList("select unnest(errors) from submission where id = ?", String.class, id);
    }

    /** Every stored number of a submission's score: the means, the groups, each label's values. */
    private List<Map<String, Object>> scores(long id) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>(jdbc.queryForList("""
                select map, mauroc, mf1, mece, head_map, medium_map, tail_map, rows from score where submission_id = ?
                """, id));
        rows.addAll(jdbc.queryForList("""
                select position, label, ap, auroc, f1, ece, positives from label_score where submission_id = ?
                 order by position
                """, id));
        assertThat(rows).hasSizeGreaterThan(1);
        return rows;
    }

    private static byte[] gzip(byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }
}
