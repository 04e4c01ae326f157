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
 * <p>Each resample costs one pass over the rows in score order. Most rows are "plain": negatives
 * of tie groups without a positive; a run of them only adds to the false positives and, for each
 * tie group with a row drawn, one threshold, which a tight loop sums. The tie groups that hold a
 * positive form "units", handled one by one. Only thresholds where the
 * true positives grow give a non-zero term of {@code -sum(diff(recall) * precision[:-1])}; those
 * are kept with their position among all thresholds and summed by {@link SparseNumpySum}, which
 * adds them as numpy adds the full array.
 */
final class RankedLabel {

    /**
     * The negatives of tie groups without a positive, in descending score order:
     * {@code row << 1 | continuesTieGroup}.
     */
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
            boolean hasPositive = false;
            for (int k = groupStart; k <= groupEnd; k++) {
                hasPositive |= truth[rows[k]] != 0;
            }
            if (!hasPositive) {
                // negatives only: plain rows, all but the first marked as continuing the tie group
                for (int k = groupEnd; k >= groupStart; k--) {
                    plain[plainCount++] = rows[k] << 1 | (k == groupEnd ? 0 : 1);
                }
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
        int seen = 0;
        for (int u = 0; u < unitEnd.length; u++) {
            // the plain negatives before the unit: each drawn one is a threshold of its own
            int to = plainBefore[u];
            int sum = 0;
            int drawn = 0;
            for (int i = from; i < to; i++) {
                int plain = plainRows[i];
                int w = counts[plain >>> 1];
                int nonZero = (w | -w) >>> 31;
                int continues = -(plain & 1);
                // a threshold when the first row of its tie group with a count is met
                drawn += nonZero & ~(seen & continues);
                seen = (seen & continues) | nonZero;
                sum += w;
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
            int plain = plainRows[i];
            int w = counts[plain >>> 1];
            int nonZero = (w | -w) >>> 31;
            int continues = -(plain & 1);
            thresholds += nonZero & ~(seen & continues);
            seen = (seen & continues) | nonZero;
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
        // the recall of one kept threshold is the next recall of the following one: one division each
        double nextRecall = 0.0; // 0 / total
        for (int j = 0; j < kept; j++) {
            double tp = truePositivesAt[j];
            double recall = tp / total;
            double precision = tp / (tp + falsePositivesAt[j]);
            int at = kept - 1 - j;
            positions[at] = thresholds - 1 - thresholdOf[j];
            terms[at] = (nextRecall - recall) * precision;
            nextRecall = recall;
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
        // The four lanes' counters are locals (w: weight, t: thresholds, p: true positives, k: kept),
        // written out lane by lane: arrays of four would be loaded and stored at every unit.
        int[] plainRows = this.plainRows;
        int[] plainBefore = this.plainBefore;
        int[] unitEnd = this.unitEnd;
        int[] members = this.members;
        int[] th0 = work.thresholdOf[0], th1 = work.thresholdOf[1], th2 = work.thresholdOf[2], th3 = work.thresholdOf[3];
        int[] tp0 = work.truePositivesAt[0], tp1 = work.truePositivesAt[1], tp2 = work.truePositivesAt[2],
                tp3 = work.truePositivesAt[3];
        int[] fp0 = work.falsePositivesAt[0], fp1 = work.falsePositivesAt[1], fp2 = work.falsePositivesAt[2],
                fp3 = work.falsePositivesAt[3];
        int w0 = 0, w1 = 0, w2 = 0, w3 = 0;
        int t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        int k0 = 0, k1 = 0, k2 = 0, k3 = 0;
        int from = 0;
        int memberFrom = 0;
        long seen = 0;
        for (int u = 0; u < unitEnd.length; u++) {
            int to = plainBefore[u];
            while (from < to) {
                int end = Math.min(to, from + chunk);
                long sum = 0;
                long drawn = 0;
                for (int i = from; i < end; i++) {
                    int plain = plainRows[i];
                    long w = counts[plain >>> 1];
                    sum += w;
                    // bit 15 of a lane is set when the lane is not 0 (lanes stay below 2^15)
                    long nonZero = (((w + LOW_BITS) | w) >>> 15) & LANE_ONES;
                    long continues = -(long) (plain & 1);
                    drawn += nonZero & ~(seen & continues);
                    seen = (seen & continues) | nonZero;
                }
                from = end;
                w0 += (int) (sum >>> 0) & 0xFFFF;
                t0 += (int) (drawn >>> 0) & 0xFFFF;
                w1 += (int) (sum >>> 16) & 0xFFFF;
                t1 += (int) (drawn >>> 16) & 0xFFFF;
                w2 += (int) (sum >>> 32) & 0xFFFF;
                t2 += (int) (drawn >>> 32) & 0xFFFF;
                w3 += (int) (sum >>> 48) & 0xFFFF;
                t3 += (int) (drawn >>> 48) & 0xFFFF;
            }
            int end = unitEnd[u];
            int g0 = 0, g1 = 0, g2 = 0, g3 = 0;
            int q0 = 0, q1 = 0, q2 = 0, q3 = 0;
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
                g0 += (int) (group >>> 0) & 0xFFFF;
                q0 += (int) (positives >>> 0) & 0xFFFF;
                g1 += (int) (group >>> 16) & 0xFFFF;
                q1 += (int) (positives >>> 16) & 0xFFFF;
                g2 += (int) (group >>> 32) & 0xFFFF;
                q2 += (int) (positives >>> 32) & 0xFFFF;
                g3 += (int) (group >>> 48) & 0xFFFF;
                q3 += (int) (positives >>> 48) & 0xFFFF;
            }
            // per lane: one threshold if a member was drawn; kept where the true positives grew
            t0 += (g0 | -g0) >>> 31;
            w0 += g0;
            p0 += q0;
            th0[k0] = t0 - 1;
            tp0[k0] = p0;
            fp0[k0] = w0 - p0;
            k0 += (q0 | -q0) >>> 31;
            t1 += (g1 | -g1) >>> 31;
            w1 += g1;
            p1 += q1;
            th1[k1] = t1 - 1;
            tp1[k1] = p1;
            fp1[k1] = w1 - p1;
            k1 += (q1 | -q1) >>> 31;
            t2 += (g2 | -g2) >>> 31;
            w2 += g2;
            p2 += q2;
            th2[k2] = t2 - 1;
            tp2[k2] = p2;
            fp2[k2] = w2 - p2;
            k2 += (q2 | -q2) >>> 31;
            t3 += (g3 | -g3) >>> 31;
            w3 += g3;
            p3 += q3;
            th3[k3] = t3 - 1;
            tp3[k3] = p3;
            fp3[k3] = w3 - p3;
            k3 += (q3 | -q3) >>> 31;
        }
        while (from < plainRows.length) {
            int end = Math.min(plainRows.length, from + chunk);
            long drawn = 0;
            for (int i = from; i < end; i++) {
                int plain = plainRows[i];
                long w = counts[plain >>> 1];
                long nonZero = (((w + LOW_BITS) | w) >>> 15) & LANE_ONES;
                long continues = -(long) (plain & 1);
                drawn += nonZero & ~(seen & continues);
                seen = (seen & continues) | nonZero;
            }
            from = end;
            t0 += (int) (drawn >>> 0) & 0xFFFF;
            t1 += (int) (drawn >>> 16) & 0xFFFF;
            t2 += (int) (drawn >>> 32) & 0xFFFF;
            t3 += (int) (drawn >>> 48) & 0xFFFF;
        }
        int[] positivesOf = {p0, p1, p2, p3};
        int[] thresholdsOf = {t0, t1, t2, t3};
        int[] keptOf = {k0, k1, k2, k3};
        for (int l = 0; l < lanes; l++) {
            ap[l] = terms(positivesOf[l], thresholdsOf[l], keptOf[l], work.thresholdOf[l], work.truePositivesAt[l],
                    work.falsePositivesAt[l], work.positions, work.terms);
        }
    }

    /** Working arrays for {@link #averagePrecisionOfFour}; one per thread. */
    static final class FourWork {
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
