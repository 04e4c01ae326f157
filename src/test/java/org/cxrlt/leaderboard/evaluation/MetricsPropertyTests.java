package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast metrics agree with {@link PlainMetrics} on thousands of random labels of every
 * awkward kind: heavy ties, constant predictions, signed zeros, values on the 0.5 threshold
 * and on bin edges, one positive, one negative. Each case is reproducible from the seed in the
 * failure message.
 */
class MetricsPropertyTests {

    private static final int CASES = 3000;
    private static final double TOLERANCE = 1e-12;

    @Test
    void fastMetricsEqualThePlainDefinitionsOnRandomLabels() {
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            int n = 2 + random.nextInt(random.nextBoolean() ? 12 : 400);
            byte[] y = randomTruth(random, n);
            double[] p = randomPredictions(random, n);

            LabelScore fast = new LabelMetrics(n).score("label", y, p, PlainMetrics.positives(y));

            String context = "seed " + seed + ", n " + n;
            assertThat(fast.ap()).as("AP, " + context).isCloseTo(PlainMetrics.averagePrecision(y, p), within(TOLERANCE));
            assertThat(fast.auroc()).as("AUROC, " + context).isCloseTo(PlainMetrics.areaUnderRoc(y, p), within(TOLERANCE));
            assertThat(fast.f1()).as("F1, " + context).isCloseTo(PlainMetrics.f1(y, p), within(TOLERANCE));
            assertThat(fast.ece()).as("ECE, " + context)
                    .isCloseTo(PlainMetrics.expectedCalibrationError(y, p), within(TOLERANCE));
            assertThat(fast.positives()).isEqualTo(PlainMetrics.positives(y));
        }
    }

    @Test
    void oneWorkspaceScoresManyLabelsAsFreshOnesDo() {
        Random random = new Random(42);
        int n = 500;
        LabelMetrics reused = new LabelMetrics(n);
        for (int label = 0; label < 50; label++) {
            byte[] y = randomTruth(random, n);
            double[] p = randomPredictions(random, n);
            int positives = PlainMetrics.positives(y);
            assertThat(reused.score("l", y, p, positives)).isEqualTo(new LabelMetrics(n).score("l", y, p, positives));
        }
    }

    @Test
    void aThreadKeepsItsWorkspaceForKeysOfTheSameRowsAndTakesANewOneForOthers() {
        LabelMetrics first = LabelMetrics.ofThread(500);
        assertThat(LabelMetrics.ofThread(500)).isSameAs(first);
        LabelMetrics other = LabelMetrics.ofThread(501);
        assertThat(other).isNotSameAs(first);
        assertThat(LabelMetrics.ofThread(501)).isSameAs(other);

        // a kept workspace, used before, scores as a fresh one does
        Random random = new Random(7);
        byte[] y = randomTruth(random, 501);
        double[] p = randomPredictions(random, 501);
        int positives = PlainMetrics.positives(y);
        LabelScore fresh = new LabelMetrics(501).score("l", y, p, positives);
        other.score("warm", randomTruth(random, 501), randomPredictions(random, 501), 1);
        assertThat(LabelMetrics.ofThread(501).score("l", y, p, positives)).isEqualTo(fresh);
    }

    @Test
    void aPerfectRankingScoresOneAndAnInvertedOneScoresZeroAuroc() {
        byte[] y = {0, 0, 1, 1, 0, 1};
        double[] perfect = {0.1, 0.2, 0.9, 0.8, 0.3, 0.7};
        double[] inverted = {0.9, 0.8, 0.1, 0.2, 0.7, 0.3};

        LabelScore best = new LabelMetrics(6).score("l", y, perfect, 3);
        LabelScore worst = new LabelMetrics(6).score("l", y, inverted, 3);

        assertThat(best.ap()).isEqualTo(1.0);
        assertThat(best.auroc()).isEqualTo(1.0);
        assertThat(worst.auroc()).isEqualTo(0.0);
        // the positives come 4th, 5th and 6th: precisions 1/4, 2/5 and 3/6 at recalls 1/3, 2/3, 1
        assertThat(worst.ap()).isCloseTo((1.0 / 4 + 2.0 / 5 + 3.0 / 6) / 3, within(1e-15));
    }

    @Test
    void constantPredictionsScoreThePrevalenceAsApAndOneHalfAsAuroc() {
        byte[] y = {1, 0, 0, 0, 1, 0, 0, 0};
        double[] constant = {0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3};

        LabelScore score = new LabelMetrics(8).score("l", y, constant, 2);

        assertThat(score.ap()).isEqualTo(0.25);
        assertThat(score.auroc()).isEqualTo(0.5);
        assertThat(score.f1()).isEqualTo(0.0);
        assertThat(score.ece()).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void signedZerosAreOneScore() {
        byte[] y = {1, 0, 1, 0};
        double[] mixed = {0.0, -0.0, -0.0, 0.0};

        LabelScore score = new LabelMetrics(4).score("l", y, mixed, 2);

        assertThat(score.auroc()).isEqualTo(0.5);
        assertThat(score.ap()).isEqualTo(0.5);
    }

    @Test
    void onlyPredictionsAboveOneHalfCountPositiveForF1() {
        byte[] y = {1, 1, 0};
        double[] atHalf = {0.5, Math.nextUp(0.5), 0.5};

        LabelScore score = new LabelMetrics(3).score("l", y, atHalf, 2);

        // one true positive (the value just above 0.5), no false positive, one false negative
        assertThat(score.f1()).isCloseTo(2.0 / 3.0, within(1e-15));
    }

    private static byte[] randomTruth(Random random, int n) {
        byte[] y = new byte[n];
        double prevalence = random.nextDouble();
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (random.nextDouble() < prevalence ? 1 : 0);
        }
        // every scored label has a positive and a negative
        int first = random.nextInt(n);
        int second = (first + 1 + random.nextInt(n - 1)) % n;
        y[first] = 1;
        y[second] = 0;
        return y;
    }

    private static double[] randomPredictions(Random random, int n) {
        double[] p = new double[n];
        int kind = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            p[i] = switch (kind) {
                case 0 -> random.nextDouble();
                case 1 -> Math.round(random.nextDouble() * 10) / 10.0;          // heavy ties
                case 2 -> Math.round(random.nextDouble() * 100) / 100.0;        // ties
                case 3 -> 0.3;                                                  // constant
                case 4 -> random.nextBoolean() ? 0.0 : -0.0;                    // signed zeros only
                case 5 -> new double[] {0.0, -0.0, 0.5, Math.nextUp(0.5), Math.nextDown(0.5), 0.1, 0.2, 0.9, 1.0}
                        [random.nextInt(9)];                                    // thresholds and bin edges
                default -> random.nextBoolean() ? random.nextDouble() : random.nextInt(3) / 2.0;
            };
        }
        return p;
    }
}
