package org.cxrlt.leaderboard.evaluation;

/**
 * Sums doubles in exactly the order numpy 1.24's {@code np.sum} does for a contiguous float64
 * array, so that our means and areas equal scikit-learn's to the last bit, not only to a
 * tolerance. numpy feeds its add-reduction in buffers of 8192 elements, summed one after the
 * other from 0.0; within a buffer it sums pairwise: blocks of at most 128 elements with eight
 * interleaved accumulators, split in halves (multiples of eight) above that.
 */
final class NumpySum {

    private static final int NUMPY_BUFFER_SIZE = 8192;
    private static final int PAIRWISE_BLOCK_SIZE = 128;

    private NumpySum() {
    }

    /** {@code np.sum(values[from:to])}. */
    static double sum(double[] values, int from, int to) {
        double result = 0.0;
        for (int start = from; start < to; start += NUMPY_BUFFER_SIZE) {
            result += pairwise(values, start, Math.min(NUMPY_BUFFER_SIZE, to - start));
        }
        return result;
    }

    /** {@code np.mean(values[from:to])}: the sum above divided by the count. */
    static double mean(double[] values, int from, int to) {
        return sum(values, from, to) / (to - from);
    }

    private static double pairwise(double[] a, int start, int n) {
        if (n < 8) {
            double result = 0.0;
            for (int i = 0; i < n; i++) {
                result += a[start + i];
            }
            return result;
        }
        if (n <= PAIRWISE_BLOCK_SIZE) {
            double r0 = a[start];
            double r1 = a[start + 1];
            double r2 = a[start + 2];
            double r3 = a[start + 3];
            double r4 = a[start + 4];
            double r5 = a[start + 5];
            double r6 = a[start + 6];
            double r7 = a[start + 7];
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                r0 += a[start + i];
                r1 += a[start + i + 1];
                r2 += a[start + i + 2];
                r3 += a[start + i + 3];
                r4 += a[start + i + 4];
                r5 += a[start + i + 5];
                r6 += a[start + i + 6];
                r7 += a[start + i + 7];
            }
            double result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                result += a[start + i];
            }
            return result;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, start, half) + pairwise(a, start + half, n - half);
    }
}
