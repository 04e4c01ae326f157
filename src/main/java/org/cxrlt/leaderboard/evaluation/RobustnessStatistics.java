package org.cxrlt.leaderboard.evaluation;

import java.util.Arrays;

/**
 * Percentiles and Kendall's tau as numpy 1.24 and scipy 1.10 compute them, in the same order of
 * floating-point operations, so that the numbers of an analysis can be checked against a
 * script of the organizers' own.
 */
final class RobustnessStatistics {

    private RobustnessStatistics() {
    }

    /**
     * {@code numpy.percentile(values, q)} with its default {@code linear} method: the virtual
     * index {@code (n - 1) * (q / 100)} between two order statistics, and numpy's {@code _lerp}
     * ({@code a + (b - a) * t}, or {@code b - (b - a) * (1 - t)} from {@code t >= 0.5} on).
     *
     * @param sorted ascending, at least one value
     * @param q      percent, in [0, 100]
     */
    static double percentile(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values to take a percentile of");
        }
        double virtualIndex = (n - 1) * (q / 100.0);
        if (virtualIndex >= n - 1) {
            return sorted[n - 1];
        }
        int previous = (int) Math.floor(virtualIndex);
        double gamma = virtualIndex - previous;
        double a = sorted[previous];
        double b = sorted[previous + 1];
        double difference = b - a;
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
    }

    /** {@link #percentile} of an unsorted array, which is left as it was. */
    static double percentileOf(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, q);
    }

    /**
     * Kendall's tau-b of two orderings, as {@code scipy.stats.kendalltau(x, y)} gives it:
     * {@code (concordant - discordant) / sqrt(n0 - ties in x) / sqrt(n0 - ties in y)}, clipped to
     * [-1, 1]; pairs tied in x or y count as neither. NaN when every value of x, or of y, is
     * equal (or fewer than two values): no ordering to compare. O(n^2), for the tens of entries
     * of a leaderboard.
     */
    static double kendallTauB(double[] x, double[] y) {
        int n = x.length;
        long total = (long) n * (n - 1) / 2;
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int dx = Double.compare(x[i], x[j]);
                int dy = Double.compare(y[i], y[j]);
                if (x[i] == x[j]) {
                    dx = 0;
                }
                if (y[i] == y[j]) {
                    dy = 0;
                }
                if (dx == 0) {
                    tiesX++;
                }
                if (dy == 0) {
                    tiesY++;
                }
                if (dx != 0 && dy != 0) {
                    if (dx == dy) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        if (total == 0 || tiesX == total || tiesY == total) {
            return Double.NaN;
        }
        double tau = (concordant - discordant) / Math.sqrt(total - tiesX) / Math.sqrt(total - tiesY);
        return Math.min(1.0, Math.max(-1.0, tau));
    }
}
