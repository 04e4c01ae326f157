package org.cxrlt.leaderboard.evaluation;

/**
 * {@link NumpySum#sum} of an array of {@code length} terms of which only a few are non-zero,
 * given only those: the same pairwise blocks over the same positions, without touching the
 * zeros. Bit for bit the dense sum when every term left out is {@code +0.0} and no partial sum is
 * {@code -0.0} (adding {@code +0.0} then changes nothing, and a block holding only zeros sums to
 * {@code +0.0}), which holds for the terms of average precision: each is zero or negative.
 */
final class SparseNumpySum {

    private static final int NUMPY_BUFFER_SIZE = 8192;
    private static final int PAIRWISE_BLOCK_SIZE = 128;

    private SparseNumpySum() {
    }

    /**
     * @param length    the number of terms of the dense array
     * @param positions the positions of the non-zero terms, ascending, in [0, length)
     * @param values    their values, in the same order
     * @param count     how many of {@code positions} and {@code values} are used
     */
    static double sum(int length, int[] positions, double[] values, int count) {
        double result = 0.0;
        int from = 0;
        for (int start = 0; start < length && from < count; start += NUMPY_BUFFER_SIZE) {
            int n = Math.min(NUMPY_BUFFER_SIZE, length - start);
            int to = firstAtOrAfter(positions, from, count, start + n);
            if (to > from) {
                result += pairwise(positions, values, from, to, start, n);
            }
            from = to;
        }
        return result;
    }

    /** The terms {@code [from, to)} all lie in the block {@code [start, start + n)}. */
    private static double pairwise(int[] positions, double[] values, int from, int to, int start, int n) {
        if (from == to) {
            return 0.0;
        }
        if (n < 8) {
            double result = 0.0;
            for (int i = from; i < to; i++) {
                result += values[i];
            }
            return result;
        }
        if (n <= PAIRWISE_BLOCK_SIZE) {
            // numpy's eight interleaved accumulators over the first n - n % 8 positions, then the rest one by one
            double r0 = 0.0;
            double r1 = 0.0;
            double r2 = 0.0;
            double r3 = 0.0;
            double r4 = 0.0;
            double r5 = 0.0;
            double r6 = 0.0;
            double r7 = 0.0;
            int unrolledEnd = start + n - (n % 8);
            int i = from;
            for (; i < to && positions[i] < unrolledEnd; i++) {
                double v = values[i];
                switch ((positions[i] - start) & 7) {
                    case 0 -> r0 += v;
                    case 1 -> r1 += v;
                    case 2 -> r2 += v;
                    case 3 -> r3 += v;
                    case 4 -> r4 += v;
                    case 5 -> r5 += v;
                    case 6 -> r6 += v;
                    default -> r7 += v;
                }
            }
            double result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < to; i++) {
                result += values[i];
            }
            return result;
        }
        int half = n / 2;
        half -= half % 8;
        int split = firstAtOrAfter(positions, from, to, start + half);
        return pairwise(positions, values, from, split, start, half)
                + pairwise(positions, values, split, to, start + half, n - half);
    }

    private static int firstAtOrAfter(int[] positions, int from, int to, int position) {
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (positions[mid] < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
