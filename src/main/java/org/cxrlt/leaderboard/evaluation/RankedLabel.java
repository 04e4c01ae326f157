package org.cxrlt.leaderboard.evaluation;

/**
 * One label of one entry, sorted once, scored by average precision under any number of
 * resamples: scikit-learn 1.2's {@code average_precision_score(y, p, sample_weight=counts)},
 * where counts are how often each image was drawn. With whole-number weights its
 * {@code _binary_clf_curve} drops the images drawn 0 times, counts the others' true and false
 * positives as exact whole numbers and keeps the thresholds at the distinct scores that remain,
 * which is exactly the curve, and so the AP, of the materialized resample (each image repeated
 * as often as drawn). The arithmetic after the counts is {@link LabelMetrics}'s, so with every
 * count 1 the AP equals {@link Evaluator}'s to the bit.
 *
 * <p>Each resample costs one pass over the rows in score order. Only thresholds where the true
 * positives grow give a non-zero term of {@code -sum(diff(recall) * precision[:-1])}; those are
 * kept with their position among all thresholds and summed by {@link SparseNumpySum}, which
 * adds them as numpy adds the full array.
 */
final class RankedLabel {

    /** Per position in descending score order: {@code row << 2 | truth << 1 | lastOfTieGroup}. */
    private final int[] order;
    private final int positives;

    private RankedLabel(int[] order, int positives) {
        this.order = order;
        this.positives = positives;
    }

    /**
     * Sorts a label's predictions, descending; equal scores ({@code 0.0} and {@code -0.0} being
     * one) form one tie group.
     */
    static RankedLabel of(byte[] truth, double[] predictions, int positives, PairRadixSort sorter, long[] keys,
                          int[] rows) {
        int n = truth.length;
        for (int i = 0; i < n; i++) {
            // + 0.0 turns -0.0 into 0.0; the bits of a non-negative double sort as the double does
            keys[i] = Double.doubleToRawLongBits(predictions[i] + 0.0);
            rows[i] = i;
        }
        sorter.sort(keys, rows, n);
        int[] order = new int[n];
        for (int i = n - 1, position = 0; i >= 0; i--, position++) {
            int row = rows[i];
            int last = i == 0 || keys[i - 1] != keys[i] ? 1 : 0;
            order[position] = row << 2 | truth[row] << 1 | last;
        }
        return new RankedLabel(order, positives);
    }

    /** Rows of the label. */
    int rows() {
        return order.length;
    }

    /**
     * AP with each row weighted by {@code counts[row]} (whole numbers, at least one positive row
     * with a count above 0).
     *
     * @param work working arrays sized for this label's positives; one per thread
     */
    double averagePrecision(int[] counts, Work work) {
        int[] order = this.order;
        int[] thresholdOf = work.thresholdOf;
        int[] truePositivesAt = work.truePositivesAt;
        int[] falsePositivesAt = work.falsePositivesAt;
        int truePositives = 0;
        int falsePositives = 0;
        int groupWeight = 0;
        int thresholds = 0;
        int lastTruePositives = 0;
        int kept = 0;
        for (int element : order) {
            int weight = counts[element >>> 2];
            int positive = (element >>> 1) & 1;
            truePositives += weight & -positive;
            falsePositives += weight & (positive - 1);
            groupWeight += weight;
            int end = element & 1;
            // a tie group is a threshold of the resample if any of its rows was drawn
            thresholds += end & ((groupWeight | -groupWeight) >>> 31);
            groupWeight &= end - 1;
            if (truePositives != lastTruePositives && end != 0) {
                thresholdOf[kept] = thresholds - 1;
                truePositivesAt[kept] = truePositives;
                falsePositivesAt[kept] = falsePositives;
                kept++;
                lastTruePositives = truePositives;
            }
        }
        if (truePositives == 0) {
            throw new IllegalArgumentException("the resample has no positive row of this label");
        }
        // Terms in numpy's order, from the lowest threshold up: threshold k is term m - 1 - k.
        double total = truePositives;
        int[] positions = work.positions;
        double[] terms = work.terms;
        int previous = 0;
        for (int j = 0; j < kept; j++) {
            double tp = truePositivesAt[j];
            double recall = tp / total;
            double nextRecall = previous / total;
            double precision = tp / (tp + falsePositivesAt[j]);
            int at = kept - 1 - j;
            positions[at] = thresholds - 1 - thresholdOf[j];
            terms[at] = (nextRecall - recall) * precision;
            previous = truePositivesAt[j];
        }
        return -SparseNumpySum.sum(thresholds, positions, terms, kept);
    }

    /** The most thresholds with a non-zero term any resample can give: one per positive row. */
    int positives() {
        return positives;
    }

    /** Working arrays for {@link #averagePrecision}; one per thread, sized for the label with most positives. */
    static final class Work {
        final int[] thresholdOf;
        final int[] truePositivesAt;
        final int[] falsePositivesAt;
        final int[] positions;
        final double[] terms;

        Work(int maxPositives) {
            thresholdOf = new int[maxPositives];
            truePositivesAt = new int[maxPositives];
            falsePositivesAt = new int[maxPositives];
            positions = new int[maxPositives];
            terms = new double[maxPositives];
        }
    }
}
