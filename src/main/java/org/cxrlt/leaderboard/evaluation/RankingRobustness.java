package org.cxrlt.leaderboard.evaluation;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How sure a ranking is: a paired bootstrap over the test images (Efron and Tibshirani, 1993;
 * for challenge rankings, Maier-Hein et al., Nature Communications 2018, and the challengeR
 * toolkit, Wiesenfarth et al., Scientific Reports 2021).
 *
 * <p>Each of B replicates resamples the answer key's n images with replacement, the same
 * resample for every entry (paired), and scores every entry's per-label AP on it exactly as
 * scikit-learn 1.2's {@code average_precision_score} with the draw counts as
 * {@code sample_weight} (equal to AP on the materialized resample; see {@link RankedLabel}), its
 * mAP (the plain mean over labels), and ranks the entries by mAP. Resamples in which a label has
 * no positive image are drawn again (see {@link BootstrapResamples}). From the replicates: per
 * entry the mAP's 95 % percentile interval, the rank's median and 95 % interval, the share of
 * replicates in which it ranks first, and per-label AP intervals; per ordered pair the share of
 * replicates in which one beats the other; Kendall's tau-b between the full-data ranking and
 * each replicate's (median and quartiles).
 *
 * <p>Cost: each entry's labels are sorted once; each replicate is then one pass over each
 * label's rows (O(B x entries x labels x n)), four replicates sharing a pass (their draw counts
 * packed in 16-bit lanes), batches of four shared among threads. Memory: one entry's predictions
 * while it is read, its sorted order (about n ints per label), per thread the draw counts (an int
 * and a long per row), and the replicates' per-label APs (8 x B x entries x labels bytes). The
 * numbers do not depend on the number of threads.
 */
public final class RankingRobustness {

    /** The percentiles of a 95 % interval. */
    private static final double LOW = 2.5;
    private static final double HIGH = 97.5;
    /** Largest row count whose row numbers fit beside two flag bits in an int. */
    private static final int MAX_ROWS = 1 << 29;

    private RankingRobustness() {
    }

    /** Called as the analysis advances: {@code done} of {@code total} entry-replicates; from any thread. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void advanced(long done, long total);
    }

    /**
     * Runs the analysis.
     *
     * @param replicates B, at least 1
     * @param threads    worker threads, at least 1
     * @throws RefusedEntriesException listing every entry whose submission was refused (all are
     *                                 read before giving up)
     * @throws RefusedInputException   if the answer key is too small for resamples that keep a
     *                                 positive image of every label
     */
    public static RobustnessResult analyse(AnswerKey key, List<RobustnessEntry> entries, int replicates, long seed,
                                           int threads, Progress progress)
            throws IOException, RefusedInputException, RefusedEntriesException {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("entries must not be empty");
        }
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be at least 1, was " + replicates);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        checkRows(key);
        return analyse(key, entries, BootstrapResamples.draw(key, seed, replicates), seed, threads, progress);
    }

    /** The analysis over given resamples (the tests' identity resamples among them). */
    static RobustnessResult analyse(AnswerKey key, List<RobustnessEntry> entries, BootstrapResamples resamples,
                                    long seed, int threads, Progress progress)
            throws IOException, RefusedEntriesException {
        int replicates = resamples.replicates();
        int entryCount = entries.size();
        int labelCount = key.labels().size();

        double[][] pointAp = new double[entryCount][];
        double[] pointMap = new double[entryCount];
        double[][][] replicateAp = new double[entryCount][labelCount][replicates];
        double[][] replicateMap = new double[entryCount][replicates];
        List<RefusedEntriesException.RefusedEntry> refused = new ArrayList<>();
        long total = (long) entryCount * replicates;
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "robustness-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int e = 0; e < entryCount; e++) {
                RobustnessEntry entry = entries.get(e);
                Submission submission;
                try {
                    submission = entry.source().read();
                } catch (RefusedInputException ex) {
                    refused.add(new RefusedEntriesException.RefusedEntry(entry.name(), ex));
                    continue;
                }
                if (!refused.isEmpty()) {
                    continue; // nothing will be computed: only every refusal is still to be found
                }
                if (submission.key() != key) {
                    throw new IllegalArgumentException("entry " + entry.name()
                            + " was checked against another answer key");
                }
                RankedLabel[] ranked = rank(key, submission, pool, threads);
                submission = null; // only the order is needed from here on
                double[] ap = new double[labelCount];
                score(ranked, identity(key.rows()), new RankedLabel.Work(maxUnits(ranked)), ap);
                pointAp[e] = ap;
                pointMap[e] = NumpySum.mean(ap, 0, labelCount);
                runReplicates(ranked, resamples, replicateAp[e], replicateMap[e], pool, threads, done, total,
                        progress);
            }
        } finally {
            pool.shutdownNow();
        }
        if (!refused.isEmpty()) {
            throw new RefusedEntriesException(refused);
        }
        return summarize(key, entries, replicates, seed, resamples.redrawn(), pointAp, pointMap, replicateAp,
                replicateMap);
    }

    /**
     * One replicate's resample and an entry's scores on it: a check for anyone who wants to
     * score the materialized resample with another tool.
     *
     * @return the draw counts per answer-key row and the per-label AP and mAP on them
     * @throws RefusedInputException as {@link #analyse}
     */
    public static Replicate replicate(AnswerKey key, Submission submission, long seed, int replicate)
            throws RefusedInputException {
        if (replicate < 0) {
            throw new IllegalArgumentException("replicate must be at least 0, was " + replicate);
        }
        checkRows(key);
        BootstrapResamples resamples = BootstrapResamples.draw(key, seed, replicate + 1);
        int[] counts = new int[key.rows()];
        resamples.counts(replicate, counts);
        RankedLabel[] ranked = new RankedLabel[key.labels().size()];
        PairRadixSort sorter = new PairRadixSort(key.rows());
        long[] keys = new long[key.rows()];
        int[] rows = new int[key.rows()];
        for (int l = 0; l < ranked.length; l++) {
            ranked[l] = RankedLabel.of(key.truth(l), submission.predictions(l), sorter, keys, rows);
        }
        double[] ap = new double[ranked.length];
        score(ranked, counts, new RankedLabel.Work(maxUnits(ranked)), ap);
        return new Replicate(replicate, counts, ap, NumpySum.mean(ap, 0, ap.length));
    }

    /**
     * A replicate's resample and one entry's scores on it.
     *
     * @param counts how often each answer-key row was drawn, in the key's row order
     */
    public record Replicate(int replicate, int[] counts, double[] ap, double mAP) {
    }

    /**
     * Writes a resample as CSV: a header of the key's id column and {@code count}, then one line per answer-key
     * row in the key's order with how often it was drawn (0 included).
     */
    public static void writeResample(AnswerKey key, int[] counts, OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        buffered.write((key.idColumn() + ",count\n").getBytes(StandardCharsets.UTF_8));
        for (int row = 0; row < counts.length; row++) {
            buffered.write((key.ids().id(row) + "," + counts[row] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        buffered.flush();
    }

    private static void checkRows(AnswerKey key) {
        if (key.rows() >= MAX_ROWS) {
            throw new IllegalArgumentException("at most " + (MAX_ROWS - 1) + " rows, the answer key has " + key.rows());
        }
    }

    private static RankedLabel[] rank(AnswerKey key, Submission submission, ExecutorService pool, int threads)
            throws IOException {
        int labelCount = key.labels().size();
        int rows = key.rows();
        RankedLabel[] ranked = new RankedLabel[labelCount];
        List<Future<?>> sorting = new ArrayList<>();
        for (int w = 0; w < Math.min(threads, labelCount); w++) {
            int worker = w;
            int workers = Math.min(threads, labelCount);
            sorting.add(pool.submit(() -> {
                PairRadixSort sorter = new PairRadixSort(rows);
                long[] keys = new long[rows];
                int[] order = new int[rows];
                for (int l = worker; l < labelCount; l += workers) {
                    ranked[l] = RankedLabel.of(key.truth(l), submission.predictions(l), sorter,
                            keys, order);
                }
            }));
        }
        await(sorting);
        return ranked;
    }

    private static void runReplicates(RankedLabel[] ranked, BootstrapResamples resamples, double[][] apOut,
                                      double[] mapOut, ExecutorService pool, int threads, AtomicLong done,
                                      long total, Progress progress) throws IOException {
        int replicates = resamples.replicates();
        int rows = ranked.length == 0 ? 0 : ranked[0].rows();
        int maxUnits = maxUnits(ranked);
        long step = Math.max(1, total / 200);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            work.add(pool.submit(() -> {
                int[] counts = new int[rows];
                long[] packed = new long[rows];
                RankedLabel.Work scratch = new RankedLabel.Work(maxUnits);
                RankedLabel.FourWork four = new RankedLabel.FourWork(maxUnits);
                double[][] ap = new double[RankedLabel.LANES][ranked.length];
                double[] apOfFour = new double[RankedLabel.LANES];
                int batches = (replicates + RankedLabel.LANES - 1) / RankedLabel.LANES;
                for (int batch = worker; batch < batches; batch += threads) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    int first = batch * RankedLabel.LANES;
                    int lanes = Math.min(RankedLabel.LANES, replicates - first);
                    java.util.Arrays.fill(packed, 0L);
                    int maxCount = 0;
                    for (int lane = 0; lane < lanes; lane++) {
                        resamples.counts(first + lane, counts);
                        int shift = 16 * lane;
                        for (int row = 0; row < rows; row++) {
                            int c = counts[row];
                            maxCount = Math.max(maxCount, c);
                            packed[row] |= (long) c << shift;
                        }
                    }
                    if (maxCount < (1 << 15)) {
                        int chunk = Math.max(1, Math.min(4096, 0xFFFF / Math.max(1, maxCount)));
                        for (int l = 0; l < ranked.length; l++) {
                            ranked[l].averagePrecisionOfFour(packed, lanes, chunk, four, apOfFour);
                            for (int lane = 0; lane < lanes; lane++) {
                                ap[lane][l] = apOfFour[lane];
                            }
                        }
                    } else {
                        // a row drawn 32,768 times or more: no room in a lane, one resample at a time
                        for (int lane = 0; lane < lanes; lane++) {
                            resamples.counts(first + lane, counts);
                            score(ranked, counts, scratch, ap[lane]);
                        }
                    }
                    for (int lane = 0; lane < lanes; lane++) {
                        int r = first + lane;
                        for (int l = 0; l < ranked.length; l++) {
                            apOut[l][r] = ap[lane][l];
                        }
                        mapOut[r] = NumpySum.mean(ap[lane], 0, ranked.length);
                    }
                    long before = done.getAndAdd(lanes);
                    long now = before + lanes;
                    if (now / step != before / step || now == total) {
                        progress.advanced(now, total);
                    }
                }
            }));
        }
        await(work);
    }

    private static void score(RankedLabel[] ranked, int[] counts, RankedLabel.Work work, double[] ap) {
        for (int l = 0; l < ranked.length; l++) {
            ap[l] = ranked[l].averagePrecision(counts, work);
        }
    }

    private static int[] identity(int rows) {
        int[] counts = new int[rows];
        Arrays.fill(counts, 1);
        return counts;
    }

    private static int maxUnits(RankedLabel[] ranked) {
        int max = 1;
        for (RankedLabel label : ranked) {
            max = Math.max(max, label.units());
        }
        return max;
    }

    private static void await(List<Future<?>> futures) throws IOException {
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IOException("the robustness analysis was interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static RobustnessResult summarize(AnswerKey key, List<RobustnessEntry> entries, int replicates,
                                              long seed, long redrawn, double[][] pointAp, double[] pointMap,
                                              double[][][] replicateAp, double[][] replicateMap) {
        int entryCount = entries.size();
        int labelCount = key.labels().size();
        // ranks per replicate: 1 + the number of entries with a strictly higher mAP
        double[][] ranks = new double[entryCount][replicates];
        int[][] rankCounts = new int[entryCount][entryCount];
        long[][] wins = new long[entryCount][entryCount];
        double[] taus = new double[replicates];
        double[] column = new double[entryCount];
        for (int r = 0; r < replicates; r++) {
            for (int e = 0; e < entryCount; e++) {
                column[e] = replicateMap[e][r];
            }
            for (int a = 0; a < entryCount; a++) {
                int higher = 0;
                for (int b = 0; b < entryCount; b++) {
                    if (column[b] > column[a]) {
                        higher++;
                    }
                    if (column[a] > column[b]) {
                        wins[a][b]++;
                    }
                }
                ranks[a][r] = 1 + higher;
                rankCounts[a][higher]++;
            }
            taus[r] = RobustnessStatistics.kendallTauB(pointMap, column);
        }
        List<RobustnessResult.Entry> results = new ArrayList<>(entryCount);
        for (int e = 0; e < entryCount; e++) {
            double[] maps = replicateMap[e].clone();
            Arrays.sort(maps);
            double[] entryRanks = ranks[e].clone();
            Arrays.sort(entryRanks);
            int pointRank = 1;
            for (double other : pointMap) {
                if (other > pointMap[e]) {
                    pointRank++;
                }
            }
            List<RobustnessResult.LabelInterval> labels = new ArrayList<>(labelCount);
            for (int l = 0; l < labelCount; l++) {
                double[] aps = replicateAp[e][l].clone();
                Arrays.sort(aps);
                labels.add(new RobustnessResult.LabelInterval(key.labels().get(l), pointAp[e][l],
                        RobustnessStatistics.percentile(aps, LOW), RobustnessStatistics.percentile(aps, HIGH)));
            }
            List<Integer> counts = new ArrayList<>(entryCount);
            for (int c : rankCounts[e]) {
                counts.add(c);
            }
            results.add(new RobustnessResult.Entry(entries.get(e).name(), pointMap[e],
                    RobustnessStatistics.percentile(maps, LOW), RobustnessStatistics.percentile(maps, HIGH),
                    pointRank, RobustnessStatistics.percentile(entryRanks, 50),
                    RobustnessStatistics.percentile(entryRanks, LOW), RobustnessStatistics.percentile(entryRanks, HIGH),
                    (double) rankCounts[e][0] / replicates, counts, labels));
        }
        List<RobustnessResult.Pair> pairs = new ArrayList<>(entryCount * (entryCount - 1));
        for (int a = 0; a < entryCount; a++) {
            for (int b = 0; b < entryCount; b++) {
                if (a != b) {
                    pairs.add(new RobustnessResult.Pair(entries.get(a).name(), entries.get(b).name(),
                            (double) wins[a][b] / replicates));
                }
            }
        }
        double[] defined = Arrays.stream(taus).filter(t -> !Double.isNaN(t)).sorted().toArray();
        RobustnessResult.TauSummary tau = defined.length == 0 ? null : new RobustnessResult.TauSummary(
                RobustnessStatistics.percentile(defined, 50), RobustnessStatistics.percentile(defined, 25),
                RobustnessStatistics.percentile(defined, 75), defined.length);
        return new RobustnessResult(replicates, seed, redrawn, key.rows(), key.labels(), results, pairs, tau);
    }
}
