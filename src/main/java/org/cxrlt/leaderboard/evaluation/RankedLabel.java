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
 * <p>Each resample costs one pass over the rows in score order. Most rows are "plain": a negative
 * whose score no other row shares; a run of them only adds to the false positives and, for each
 * row drawn, one threshold, which a tight loop sums. The other rows (positives, and every member
 * of a tie group) form "units", one per tie group, handled one by one. Only thresholds where the
 * true positives grow give a non-zero term of {@code -sum(diff(recall) * precision[:-1])}; those
 * are kept with their position among all thresholds and summed by {@link SparseNumpySum}, which
 * adds them as numpy adds the full array.
 */
final class RankedLabel {

    /** Rows of the plain negatives, in descending score order. */
    private final int[] plainRows;
    /** Per unit: how many plain negatives come before it. */
    private final int[] plainBefore;
    /** Per unit: the end (exclusive) of its members in {@link #members}; each starts where the previous ends. */
    private final int[] unitEnd;
    /** Members of the units in order: {@code row << 1 | truth}. */
    private final int[] members;
    private final int rows;

    private RankedLabel(int[] plainRows, int[] plainBefore, int[] unitEnd, int[] members, int rows) {
        this.plainRows = plainRows;
        this.plainBefore = plainBefore;
        this.unitEnd = unitEnd;
        this.members = members;
        this.rows = rows;
    }

    /**
     * Sorts a label's predictions, descending; equal scores ({@code 0.0} and {@code -0.0} being
     * one) form one tie group.
     */
    static RankedLabel of(byte[] truth, double[] predictions, PairRadixSort sorter, long[] keys,
                          int[] rows) {
        int n = truth.length;
        for (int i = 0; i < n; i++) {
            // + 0.0 turns -0.0 into 0.0; the bits of a non-negative double sort as the double does
            keys[i] = Double.doubleToRawLongBits(predictions[i] + 0.0);
            rows[i] = i;
        }
        sorter.sort(keys, rows, n);
        int[] plain = new int[n];
        int plainCount = 0;
        int[] before = new int[16];
        int[] ends = new int[16];
        int[] unitMembers = new int[16];
        int units = 0;
        int memberCount = 0;
        int i = n - 1;
        while (i >= 0) {
            int groupEnd = i; // the group is [groupStart, groupEnd], ascending indexes
            while (i > 0 && keys[i - 1] == keys[groupEnd]) {
                i--;
            }
            int groupStart = i;
            i--;
            if (groupStart == groupEnd && truth[rows[groupEnd]] == 0) {
                plain[plainCount++] = rows[groupEnd];
                continue;
            }
            if (units == before.length) {
                before = java.util.Arrays.copyOf(before, units * 2);
                ends = java.util.Arrays.copyOf(ends, units * 2);
            }
            for (int k = groupEnd; k >= groupStart; k--) {
                if (memberCount == unitMembers.length) {
                    unitMembers = java.util.Arrays.copyOf(unitMembers, memberCount * 2);
                }
                unitMembers[memberCount++] = rows[k] << 1 | truth[rows[k]];
            }
            before[units] = plainCount;
            ends[units] = memberCount;
            units++;
        }
        return new RankedLabel(java.util.Arrays.copyOf(plain, plainCount), java.util.Arrays.copyOf(before, units),
                java.util.Arrays.copyOf(ends, units), java.util.Arrays.copyOf(unitMembers, memberCount), n);
    }

    /** Rows of the label. */
    int rows() {
        return rows;
    }

    /** Units (tie groups holding a positive or more than one row): the most records a resample can keep. */
    int units() {
        return unitEnd.length;
    }

    /**
     * AP with each row weighted by {@code counts[row]} (whole numbers, at least one positive row
     * with a count above 0).
     *
     * @param work working arrays sized for at least this label's units; one per thread
     */
    double averagePrecision(int[] counts, Work work) {
        int[] plainRows = this.plainRows;
        int[] plainBefore = this.plainBefore;
        int[] unitEnd = this.unitEnd;
        int[] members = this.members;
        int[] thresholdOf = work.thresholdOf;
        int[] truePositivesAt = work.truePositivesAt;
        int[] falsePositivesAt = work.falsePositivesAt;
        int truePositives = 0;
        int weight = 0;
        int thresholds = 0;
        int kept = 0;
        int from = 0;
        int memberFrom = 0;
        for (int u = 0; u < unitEnd.length; u++) {
            // the plain negatives before the unit: each drawn one is a threshold of its own
            int to = plainBefore[u];
            int sum = 0;
            int drawn = 0;
            for (int i = from; i < to; i++) {
                int w = counts[plainRows[i]];
                sum += w;
                drawn += (w | -w) >>> 31;
            }
            from = to;
            weight += sum;
            thresholds += drawn;
            // the unit: one threshold if any member was drawn
            int end = unitEnd[u];
            int groupWeight = 0;
            int groupPositives = 0;
            for (int m = memberFrom; m < end; m++) {
                int member = members[m];
                int w = counts[member >>> 1];
                groupWeight += w;
                groupPositives += w & -(member & 1);
            }
            memberFrom = end;
            thresholds += (groupWeight | -groupWeight) >>> 31;
            weight += groupWeight;
            truePositives += groupPositives;
            // written always, kept only where the true positives grew (no branch to mispredict)
            thresholdOf[kept] = thresholds - 1;
            truePositivesAt[kept] = truePositives;
            falsePositivesAt[kept] = weight - truePositives;
            kept += (groupPositives | -groupPositives) >>> 31;
        }
        for (int i = from; i < plainRows.length; i++) {
            int w = counts[plainRows[i]];
            thresholds += (w | -w) >>> 31;
        }
        return terms(truePositives, thresholds, kept, thresholdOf, truePositivesAt, falsePositivesAt, work.positions,
                work.terms);
    }

    /**
     * {@code -sum(diff(recall) * precision[:-1])} from the kept thresholds (where the true
     * positives grew), in numpy's order: from the lowest threshold up, threshold k being term
     * {@code thresholds - 1 - k}.
     */
    private static double terms(int truePositives, int thresholds, int kept, int[] thresholdOf, int[] truePositivesAt,
                                int[] falsePositivesAt, int[] positions, double[] terms) {
        if (truePositives == 0) {
            throw new IllegalArgumentException("the resample has no positive row of this label");
        }
        double total = truePositives;
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

    /** Replicates scored together by {@link #averagePrecisionOfFour}: 16-bit lanes of a long. */
    static final int LANES = 4;
    private static final long LOW_BITS = 0x7FFF_7FFF_7FFF_7FFFL;
    private static final long LANE_ONES = 0x0001_0001_0001_0001L;

    /**
     * {@link #averagePrecision} of up to four resamples at once, bit for bit the same: one gather
     * of a row brings its four counts, packed in 16-bit lanes ({@code counts[row] = c0 | c1 << 16
     * | c2 << 32 | c3 << 48}), and the plain negatives are summed lane-wise. A lane never holds
     * more than 65,535: sums are moved to int counters every {@code chunk} rows, with
     * {@code chunk * maxCount <= 65535}.
     *
     * @param lanes how many of the four lanes hold a resample
     * @param chunk rows summed in lanes between moves to int counters
     * @param ap    receives the APs of lanes 0 to lanes - 1
     */
    void averagePrecisionOfFour(long[] counts, int lanes, int chunk, FourWork work, double[] ap) {
        int[] plainRows = this.plainRows;
        int[] plainBefore = this.plainBefore;
        int[] unitEnd = this.unitEnd;
        int[] members = this.members;
        int[] weight = work.weight;
        int[] thresholds = work.thresholds;
        int[] truePositives = work.truePositives;
        int[] kept = work.kept;
        java.util.Arrays.fill(weight, 0);
        java.util.Arrays.fill(thresholds, 0);
        java.util.Arrays.fill(truePositives, 0);
        java.util.Arrays.fill(kept, 0);
        int from = 0;
        int memberFrom = 0;
        for (int u = 0; u < unitEnd.length; u++) {
            int to = plainBefore[u];
            while (from < to) {
                int end = Math.min(to, from + chunk);
                long sum = 0;
                long drawn = 0;
                for (int i = from; i < end; i++) {
                    long w = counts[plainRows[i]];
                    sum += w;
                    // bit 15 of a lane is set when the lane is not 0 (lanes stay below 2^15)
                    drawn += (((w + LOW_BITS) | w) >>> 15) & LANE_ONES;
                }
                from = end;
                for (int l = 0; l < LANES; l++) {
                    weight[l] += (int) (sum >>> (16 * l)) & 0xFFFF;
                    thresholds[l] += (int) (drawn >>> (16 * l)) & 0xFFFF;
                }
            }
            int end = unitEnd[u];
            int[] groupWeight = work.groupWeight;
            int[] groupPositives = work.groupPositives;
            java.util.Arrays.fill(groupWeight, 0);
            java.util.Arrays.fill(groupPositives, 0);
            while (memberFrom < end) {
                int stop = Math.min(end, memberFrom + chunk);
                long group = 0;
                long positives = 0;
                for (int m = memberFrom; m < stop; m++) {
                    int member = members[m];
                    long w = counts[member >>> 1];
                    group += w;
                    positives += w & -(long) (member & 1);
                }
                memberFrom = stop;
                for (int l = 0; l < LANES; l++) {
                    groupWeight[l] += (int) (group >>> (16 * l)) & 0xFFFF;
                    groupPositives[l] += (int) (positives >>> (16 * l)) & 0xFFFF;
                }
            }
            for (int l = 0; l < lanes; l++) {
                int gw = groupWeight[l];
                int gp = groupPositives[l];
                thresholds[l] += (gw | -gw) >>> 31;
                weight[l] += gw;
                truePositives[l] += gp;
                int k = kept[l];
                work.thresholdOf[l][k] = thresholds[l] - 1;
                work.truePositivesAt[l][k] = truePositives[l];
                work.falsePositivesAt[l][k] = weight[l] - truePositives[l];
                kept[l] = k + ((gp | -gp) >>> 31);
            }
        }
        while (from < plainRows.length) {
            int end = Math.min(plainRows.length, from + chunk);
            long drawn = 0;
            for (int i = from; i < end; i++) {
                long w = counts[plainRows[i]];
                drawn += (((w + LOW_BITS) | w) >>> 15) & LANE_ONES;
            }
            from = end;
            for (int l = 0; l < LANES; l++) {
                thresholds[l] += (int) (drawn >>> (16 * l)) & 0xFFFF;
            }
        }
        for (int l = 0; l < lanes; l++) {
            ap[l] = terms(truePositives[l], thresholds[l], kept[l], work.thresholdOf[l], work.truePositivesAt[l],
                    work.falsePositivesAt[l], work.positions, work.terms);
        }
    }

    /** Working arrays for {@link #averagePrecisionOfFour}; one per thread. */
    static final class FourWork {
        final int[] weight = new int[LANES];
        final int[] thresholds = new int[LANES];
        final int[] truePositives = new int[LANES];
        final int[] kept = new int[LANES];
        final int[] groupWeight = new int[LANES];
        final int[] groupPositives = new int[LANES];
        final int[][] thresholdOf;
        final int[][] truePositivesAt;
        final int[][] falsePositivesAt;
        final int[] positions;
        final double[] terms;

        FourWork(int maxUnits) {
            thresholdOf = new int[LANES][maxUnits];
            truePositivesAt = new int[LANES][maxUnits];
            falsePositivesAt = new int[LANES][maxUnits];
            positions = new int[maxUnits];
            terms = new double[maxUnits];
        }
    }

    /** Working arrays for {@link #averagePrecision}; one per thread, sized for the label with most units. */
    static final class Work {
        final int[] thresholdOf;
        final int[] truePositivesAt;
        final int[] falsePositivesAt;
        final int[] positions;
        final double[] terms;

        Work(int maxUnits) {
            thresholdOf = new int[maxUnits];
            truePositivesAt = new int[maxUnits];
            falsePositivesAt = new int[maxUnits];
            positions = new int[maxUnits];
            terms = new double[maxUnits];
        }
    }
}
