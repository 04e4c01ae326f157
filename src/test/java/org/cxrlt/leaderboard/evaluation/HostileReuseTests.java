package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrays of predictions given back and taken again never carry one submission's values into
 * another: random files of one shape (valid ones, and ones with a missing row, a bad value, a
 * duplicated id, a quoted line break, an extra id), read in parts with a release between each,
 * give what fresh serial reads give, also on three threads sharing the kept arrays.
 */
class HostileReuseTests {

    private static final List<String> LABELS = List.of("A", "B", "C");
    private static final int ROWS = 300;

    @TempDir
    Path temp;

    private static String key(SplittableRandom r) {
        StringBuilder b = new StringBuilder("id,A,B,C\n");
        for (int i = 0; i < ROWS; i++) {
            b.append("r").append(i);
            for (int l = 0; l < 3; l++) {
                b.append(',').append(i < 2 ? (i + l) % 2 : r.nextInt(2));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A submission: valid (kind 0), or with a missing row, a bad value, a duplicate, a quoted line break. */
    private static String submission(SplittableRandom r, int kind) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            order.add(i);
        }
        for (int i = ROWS - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        StringBuilder b = new StringBuilder("id,C,note,A,B\n");
        int victim = r.nextInt(ROWS);
        for (int k = 0; k < ROWS; k++) {
            int i = order.get(k);
            if (kind == 1 && k == victim) {
                continue; // missing row
            }
            String note = kind == 4 && k == victim ? "\"x\ny\"" : "n";
            String c = kind == 2 && k == victim ? "1.5" : Double.toString(r.nextDouble());
            b.append("r").append(i).append(',').append(c).append(',').append(note).append(',')
                    .append(r.nextInt(3) == 0 ? "0" : Double.toString(r.nextDouble())).append(',')
                    .append(Double.toString(r.nextDouble())).append('\n');
            if (kind == 3 && k == victim) {
                b.append("r").append(i).append(",0.1,n,0.2,0.3\n"); // duplicate id
            }
        }
        if (kind == 5) {
            b.append("zz,0.1,n,0.2,0.3\n"); // unmatched id: a warning
        }
        return b.toString();
    }

    private static Object outcome(Submission s, AnswerKey key, boolean release) {
        List<List<Double>> columns = CsvFixtures.predictionColumns(s, LABELS.size());
        Scores scores = Evaluator.score(key, s);
        if (release) {
            s.release();
        }
        return List.of(columns, scores, s.warnings());
    }

    @Test
    void partedReadsWithReleaseBetweenEqualFreshSerialReads() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(key(r)), "id", LABELS, ReadLimits.DEFAULT);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            int parted = 0;
            for (int trial = 0; trial < 300; trial++) {
                String text = submission(r, r.nextInt(6));
                Path path = temp.resolve("s" + trial + ".csv");
                Files.writeString(path, text);
                Object serial;
                try {
                    serial = outcome(Submission.read(CsvFixtures.stream(text.getBytes(StandardCharsets.UTF_8)), key,
                            ReadLimits.DEFAULT), key, false);
                } catch (RefusedInputException e) {
                    serial = e.describeAll();
                }
                Object inParts;
                int maxParts = 2 + r.nextInt(6);
                try {
                    Submission s = ParallelSubmissionReader.read(path, Files.newInputStream(path), key,
                            ReadLimits.DEFAULT, maxParts, 1 + r.nextInt(200), r.nextBoolean() ? pool : Runnable::run);
                    inParts = outcome(s, key, true);
                    parted++;
                } catch (RefusedInputException e) {
                    inParts = e.describeAll();
                }
                assertThat(inParts).as("trial %d", trial).isEqualTo(serial);
            }
            assertThat(parted).isGreaterThan(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoThreadsTakingAndReleasingAtOnceNeverSeeEachOthersValues() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(key(r)), "id", LABELS, ReadLimits.DEFAULT);
        int files = 12;
        Path[] paths = new Path[files];
        Object[] expected = new Object[files];
        for (int f = 0; f < files; f++) {
            String text = submission(r, f % 3 == 0 ? 5 : 0);
            paths[f] = temp.resolve("c" + f + ".csv");
            Files.writeString(paths[f], text);
            expected[f] = outcome(Submission.read(CsvFixtures.stream(text.getBytes(StandardCharsets.UTF_8)), key,
                    ReadLimits.DEFAULT), key, false);
        }
        ExecutorService workers = Executors.newFixedThreadPool(3);
        ExecutorService partPool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger checked = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int seed = w;
                futures.add(workers.submit(() -> {
                    go.await();
                    SplittableRandom wr = new SplittableRandom(seed);
                    for (int i = 0; i < 300; i++) {
                        int f = wr.nextInt(files);
                        Submission s = ParallelSubmissionReader.read(paths[f], Files.newInputStream(paths[f]), key,
                                ReadLimits.DEFAULT, 2 + wr.nextInt(4), 64, partPool);
                        Object got = outcome(s, key, true);
                        assertThat(got).as("file %d", f).isEqualTo(expected[f]);
                        assertThatThrownBy(() -> Evaluator.score(key, s)).isInstanceOf(IllegalStateException.class);
                        checked.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(checked.get()).isEqualTo(900);
            assertThat(PredictionArrays.kept()).isLessThanOrEqualTo(PredictionArrays.KEPT);
        } finally {
            workers.shutdownNow();
            partPool.shutdownNow();
        }
    }

    @Test
    void aNotedSubmissionSharesNoArraysWithALaterRead() throws Exception {
        // released twice through two objects? Each object gives back only its own field once.
        SplittableRandom r = new SplittableRandom(3);
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(key(r)), "id", LABELS, ReadLimits.DEFAULT);
        String text = submission(r, 0);
        Path path = temp.resolve("n.csv");
        Files.writeString(path, text);
        Submission a = ParallelSubmissionReader.read(path, Files.newInputStream(path), key, ReadLimits.DEFAULT, 3, 64,
                Runnable::run);
        double[] a0 = a.predictions(0);
        a.release();
        Submission b = ParallelSubmissionReader.read(path, Files.newInputStream(path), key, ReadLimits.DEFAULT, 3, 64,
                Runnable::run);
        Submission c = ParallelSubmissionReader.read(path, Files.newInputStream(path), key, ReadLimits.DEFAULT, 3, 64,
                Runnable::run);
        assertThat(b.predictions(0)).isSameAs(a0);
        assertThat(c.predictions(0)).isNotSameAs(a0);
        assertThat(Arrays.equals(b.predictions(0), c.predictions(0))).isTrue();
    }
}
