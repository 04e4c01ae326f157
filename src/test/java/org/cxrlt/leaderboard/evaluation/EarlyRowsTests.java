package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission read while its answer key is still being read gives exactly what reading it
 * after the key gives, wherever the key arrives: same scores and warnings, or the same refusal.
 */
class EarlyRowsTests {

    private static final String KEY = """
            dicom_id,Edema,Round(ed) Atelectasis
            a,1,0
            b,0,1
            c,0,0
            d,1,1
            e,0,0
            """;

    @TempDir
    Path temp;

    @Test
    void givesTheSameScoresWhereverTheKeyArrives() throws Exception {
        assertSameOutcomeAtEverySplit("""
                dicom_id,Edema,Round(ed) Atelectasis,,note
                zz,0.1,0.2,,x
                b,0.4,0.7,,x
                a,0.9,0.2,,x
                other,not a number,7,,x
                e,0.3,0.1,,x
                c,0.1,0.3,,x
                d,0.8,0.6,,x
                """);
    }

    @Test
    void givesTheSameRefusalWhereverTheKeyArrives() throws Exception {
        assertSameOutcomeAtEverySplit("""
                dicom_id,Edema,Round(ed) Atelectasis
                a.jpg,0.9,0.2
                b,2,0.7
                b,0.4,0.7
                ,0.5,0.5
                c,0.1
                e,NaN,0.1
                zz,0.3,x
                d,0.8,0.6
                """);
    }

    @Test
    void returnsNullWhenTheKeyCannotBeRead() throws Exception {
        Path file = write(CsvFixtures.SUBMISSION_CSV);
        CompletableFuture<AnswerKey> failed = CompletableFuture.failedFuture(
                new RefusedInputException(Problem.ofFile("the file is empty")));
        assertThat(Submission.read(file, "dicom_id", CsvFixtures.LABELS, failed, ReadLimits.DEFAULT)).isNull();
    }

    private void assertSameOutcomeAtEverySplit(String csv) throws Exception {
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(KEY), "dicom_id", CsvFixtures.LABELS, ReadLimits.DEFAULT);
        Path file = write(csv);
        Object expected = outcome(() -> Submission.read(file, key, ReadLimits.DEFAULT), key);
        int rows = (int) csv.lines().count();
        for (int split = 0; split <= rows + 1; split++) {
            Future<AnswerKey> arrivesLate = new ArrivesAfter(key, split);
            Object actual = outcome(() -> Submission.read(file, "dicom_id", CsvFixtures.LABELS, arrivesLate, ReadLimits.DEFAULT),
                    key);
            assertThat(actual).as("key arriving after " + split + " rows").isEqualTo(expected);
        }
    }

    private interface Read {
        Submission read() throws Exception;
    }

    /** The scores and warnings, or the refusal's lines. */
    private static Object outcome(Read read, AnswerKey key) throws Exception {
        RefusedInputException refusal = catchThrowableOfType(RefusedInputException.class, () -> read.read());
        if (refusal != null) {
            return refusal.describeAll();
        }
        return Evaluator.score(key, read.read());
    }

    private Path write(String csv) throws Exception {
        Path file = Files.createTempFile(temp, "submission", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    /** A key that reports itself done only after {@code polls} questions. */
    private static final class ArrivesAfter implements Future<AnswerKey> {
        private final AnswerKey key;
        private int polls;

        ArrivesAfter(AnswerKey key, int polls) {
            this.key = key;
            this.polls = polls;
        }

        @Override
        public boolean isDone() {
            return polls-- <= 0;
        }

        @Override
        public AnswerKey get() {
            return key;
        }

        @Override
        public AnswerKey get(long timeout, TimeUnit unit) {
            return key;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
