package org.cxrlt.leaderboard.evaluation;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * The four metrics of one label, each computed in the same order of floating-point operations
 * as scikit-learn 1.2 on numpy 1.24 (the versions of the reference scorer), so that results
 * match bit for bit.
 *
 * <p>All four come from one sort of the predictions: scores descending, every group of equal
 * scores entering at one threshold, {@code 0.0} and {@code -0.0} being one score (as
 * {@code np.diff} sees them).
 */
final class LabelMetrics {

    private static final int CALIBRATION_BINS = 10;

    /**
     * Each thread's working arrays from its last scoring, kept softly. A task-1 answer key's are
     * five arrays of 632 KB, each more than half a G1 region at a 512 MB heap: allocated anew
     * for every submission, they were zeroed and counted toward a concurrent marking cycle each
     * time.
     */
    private static final ThreadLocal<SoftReference<LabelMetrics>> OF_THREAD = new ThreadLocal<>();

    private final int n;
    private final long[] sortKeys;
    private final long[] sortScratch;
    private final double[] truePositives;
    private final double[] falsePositives;
    private final double[] terms;
    /** Counted in the first pass over a label's rows, for F1 and calibration. */
    private long predictedPositive;
    private long truePositiveAtHalf;
    private final int[] binCounts = new int[CALIBRATION_BINS];
    private final int[] binPositives = new int[CALIBRATION_BINS];

    /**
     * Working arrays for labels of {@code rows} rows for the calling thread: the ones it used last
     * if they have that many rows and are still there, new ones otherwise. Every method writes
     * what it reads first, so nothing of an earlier use is seen.
     */
    static LabelMetrics ofThread(int rows) {
        SoftReference<LabelMetrics> kept = OF_THREAD.get();
        LabelMetrics metrics = kept == null ? null : kept.get();
        if (metrics == null || metrics.n != rows) {
            metrics = new LabelMetrics(rows);
            OF_THREAD.set(new SoftReference<>(metrics));
        }
        return metrics;
    }

    /** Working arrays for labels of {@code rows} rows; used by one thread at a time. */
    LabelMetrics(int rows) {
        this.n = rows;
        this.sortKeys = new long[rows];
        this.sortScratch = new long[rows];
        this.truePositives = new double[rows];
        this.falsePositives = new double[rows];
        this.terms = new double[rows + 1];
    }

    LabelScore score(String label, byte[] truth, double[] predictions, int positives) {
        countRows(truth, predictions);
        int thresholds = cumulativeCounts();
        double ap = averagePrecision(thresholds);
        double auroc = areaUnderRoc(thresholds);
        double f1 = f1AtHalf(positives);
        double ece = expectedCalibrationError(predictions);
        return new LabelScore(label, ap, auroc, f1, ece, positives);
    }

    /**
     * The one read of the label's rows that everything counted row by row shares: the sort keys
     * of {@link #cumulativeCounts()}, the counts at the 0.5 threshold of {@link #f1AtHalf} and
     * the calibration bins' counts. One loop rather than three: a whole `score` run executes it
     * as quick-compiled (C1) code, which pays each pass over 79k rows in full.
     */
    private void countRows(byte[] truth, double[] predictions) {
        long above = 0;
        long truePositive = 0;
        int[] counts = binCounts;
        int[] positivesInBin = binPositives;
        Arrays.fill(counts, 0);
        Arrays.fill(positivesInBin, 0);
        for (int i = 0; i < n; i++) {
            double prediction = predictions[i];
            int positive = truth[i];
            // Predictions are in [0, 1]: adding 0.0 turns -0.0 into 0.0, and the raw bits of a
            // non-negative double sort as the double does, leaving the sign bit free to shift the
            // truth into the lowest bit.
            sortKeys[i] = (Double.doubleToRawLongBits(prediction + 0.0) << 1) | positive;
            if (prediction > 0.5) {
                above++;
                truePositive += positive;
            }
            int bin = bin(prediction);
            counts[bin]++;
            positivesInBin[bin] += positive;
        }
        predictedPositive = above;
        truePositiveAtHalf = truePositive;
    }

    /**
     * scikit-learn's {@code _binary_clf_curve}: cumulative true and false positives at each
     * distinct score, scores descending, from the keys {@link #countRows} made.
     *
     * @return the number of distinct scores
     */
    private int cumulativeCounts() {
        long[] sorted = RadixSort.sort(sortKeys, sortScratch, n);
        int thresholds = 0;
        long tp = 0;
        long fp = 0;
        int i = n - 1;
        while (i >= 0) {
            long score = sorted[i] >>> 1;
            do {
                long positive = sorted[i] & 1;
                tp += positive;
                fp += 1 - positive;
                i--;
            } while (i >= 0 && (sorted[i] >>> 1) == score);
            truePositives[thresholds] = tp;
            falsePositives[thresholds] = fp;
            thresholds++;
        }
        return thresholds;
    }

    /**
     * {@code -np.sum(np.diff(recall) * precision[:-1])} over the precision-recall curve, whose
     * arrays run from the lowest threshold up and end with recall 0, precision 1.
     */
    private double averagePrecision(int m) {
        double totalPositives = truePositives[m - 1];
        for (int j = 0; j < m; j++) {
            int k = m - 1 - j;
            double recall = truePositives[k] / totalPositives;
            double nextRecall = k == 0 ? 0.0 : truePositives[k - 1] / totalPositives;
            double precision = truePositives[k] / (truePositives[k] + falsePositives[k]);
            terms[j] = (nextRecall - recall) * precision;
        }
        return -NumpySum.sum(terms, 0, m);
    }

    /**
     * {@code roc_auc_score}: the ROC curve with scikit-learn's {@code drop_intermediate} (points
     * collinear with both neighbours dropped), a (0, 0) point in front, and numpy's trapezoid
     * rule {@code sum(diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0)}.
     */
    private double areaUnderRoc(int m) {
        double totalPositives = truePositives[m - 1];
        double totalNegatives = falsePositives[m - 1];
        double previousFpr = 0.0;
        double previousTpr = 0.0;
        int count = 0;
        // Point k is dropped when both second differences there are zero (np.diff(x, 2) is exact
        // on counts): each point's steps in from the point before are carried from the step out
        // of that point, rather than computed again by a method per point (not inlined by C1).
        double fpStepIn = 0.0;
        double tpStepIn = 0.0;
        for (int k = 0; k < m; k++) {
            if (k > 0 && k < m - 1) {
                double fpStepOut = falsePositives[k + 1] - falsePositives[k];
                double tpStepOut = truePositives[k + 1] - truePositives[k];
                boolean collinear = fpStepOut - fpStepIn == 0 && tpStepOut - tpStepIn == 0;
                fpStepIn = fpStepOut;
                tpStepIn = tpStepOut;
                if (collinear) {
                    continue;
                }
            } else if (k == 0 && m > 1) {
                fpStepIn = falsePositives[1] - falsePositives[0];
                tpStepIn = truePositives[1] - truePositives[0];
            }
            double fpr = falsePositives[k] / totalNegatives;
            double tpr = truePositives[k] / totalPositives;
            terms[count++] = (fpr - previousFpr) * (tpr + previousTpr) / 2.0;
            previousFpr = fpr;
            previousTpr = tpr;
        }
        return NumpySum.sum(terms, 0, count);
    }

    /**
     * {@code f1_score(y, np.round(p), zero_division=0)}: numpy rounds half to even, so only
     * p &gt; 0.5 counts positive. scikit-learn 1.2 forms F1 from precision and recall:
     * {@code 2 * P * R / (P + R)}, with 0 when both are 0. From the counts of {@link #countRows}.
     */
    private double f1AtHalf(int positives) {
        long truePositive = truePositiveAtHalf;
        double precision = predictedPositive == 0 ? 0.0 : (double) truePositive / predictedPositive;
        double recall = (double) truePositive / positives;
        double denominator = precision + recall;
        if (denominator == 0.0) {
            denominator = 1;
        }
        return 2.0 * precision * recall / denominator;
    }

    /**
     * 10 equal-width bins, bin = min(floor(p * 10), 9); the sum over non-empty bins, in bin
     * order, of (n_bin / n) * |mean(p in bin) - mean(y in bin)|, each mean as numpy takes it
     * over the bin's members in row order. The bins' counts are {@link #countRows}'s.
     */
    private double expectedCalibrationError(double[] predictions) {
        int[] counts = binCounts;
        int[] positivesInBin = binPositives;
        // A stable counting sort, so that each bin keeps its members in row order. The bins'
        // starts are summed again below rather than kept in a clone of this array: on JDK
        // 17.0.15, C2 now and then let such a clone see the increments made here.
        int[] next = new int[CALIBRATION_BINS];
        for (int b = 1; b < CALIBRATION_BINS; b++) {
            next[b] = next[b - 1] + counts[b - 1];
        }
        for (int i = 0; i < n; i++) {
            terms[next[bin(predictions[i])]++] = predictions[i];
        }
        double total = 0.0;
        int start = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double meanPrediction = NumpySum.mean(terms, start, start + counts[b]);
            double meanTruth = (double) positivesInBin[b] / counts[b];
            total += (double) counts[b] / n * Math.abs(meanPrediction - meanTruth);
            start += counts[b];
        }
        return total;
    }

    private static int bin(double prediction) {
        // floor(p * 10) for p in [0, 1] (the reader refuses anything else): a cast truncates
        // towards zero, which is the floor of a non-negative number, -0.0 included. Math.floor
        // is a call into StrictMath for the quick compiler the command line runs with, 2 % of a
        // `score` run's CPU time (perf).
        return Math.min((int) (prediction * CALIBRATION_BINS), CALIBRATION_BINS - 1);
    }
}
