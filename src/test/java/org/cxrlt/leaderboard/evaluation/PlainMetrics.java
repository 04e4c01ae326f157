package org.cxrlt.leaderboard.evaluation;

import java.util.Arrays;

/**
 * The metrics written the obvious way, straight from their definitions, with no sorting tricks
 * and no care for speed: the yardstick the fast implementation is compared with on random
 * inputs.
 */
final class PlainMetrics {

    private PlainMetrics() {
    }

    /** AP = sum over distinct thresholds t, descending, of (R(t) - R(previous t)) * P(t). */
    static double averagePrecision(byte[] y, double[] p) {
        double[] thresholds = Arrays.stream(p).map(v -> v + 0.0).distinct().sorted().toArray();
        int positives = positives(y);
        double ap = 0;
        double previousRecall = 0;
        for (int t = thresholds.length - 1; t >= 0; t--) {
            int tp = 0;
            int predicted = 0;
            for (int i = 0; i < p.length; i++) {
                if (p[i] >= thresholds[t]) {
                    predicted++;
                    tp += y[i];
                }
            }
            double recall = (double) tp / positives;
            ap += (recall - previousRecall) * tp / predicted;
            previousRecall = recall;
        }
        return ap;
    }

    /** AUROC as the Mann-Whitney statistic: the share of (positive, negative) pairs ranked right, ties half. */
    static double areaUnderRoc(byte[] y, double[] p) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < p.length; i++) {
            if (y[i] != 1) {
                continue;
            }
            for (int j = 0; j < p.length; j++) {
                if (y[j] != 0) {
                    continue;
                }
                pairs++;
                if (p[i] > p[j]) {
                    wins += 1;
                } else if (p[i] == p[j]) {
                    wins += 0.5;
                }
            }
        }
        return wins / pairs;
    }

    /** F1 at p &gt; 0.5: 2 TP / (2 TP + FP + FN), 0 when nothing is predicted or true. */
    static double f1(byte[] y, double[] p) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean predicted = p[i] > 0.5;
            if (predicted && y[i] == 1) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (y[i] == 1) {
                fn++;
            }
        }
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** ECE over 10 equal-width bins, bin = min(floor(10 p), 9). */
    static double expectedCalibrationError(byte[] y, double[] p) {
        double ece = 0;
        for (int bin = 0; bin < 10; bin++) {
            double sumP = 0;
            double sumY = 0;
            int count = 0;
            for (int i = 0; i < p.length; i++) {
                if (Math.min((int) Math.floor(p[i] * 10), 9) == bin) {
                    sumP += p[i];
                    sumY += y[i];
                    count++;
                }
            }
            if (count > 0) {
                ece += (double) count / p.length * Math.abs(sumP / count - sumY / count);
            }
        }
        return ece;
    }

    static int positives(byte[] y) {
        int count = 0;
        for (byte v : y) {
            count += v;
        }
        return count;
    }
}
