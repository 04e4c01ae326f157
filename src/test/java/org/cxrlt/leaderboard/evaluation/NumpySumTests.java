package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumpySumTests {

    @Test
    void sumsSmallArraysLeftToRight() {
        double[] values = {0.1, 0.2, 0.3};

        assertThat(NumpySum.sum(values, 0, 3)).isEqualTo((0.0 + 0.1 + 0.2) + 0.3);
    }

    @Test
    void usesEightAccumulatorsWithinABlock() {
        double[] values = new double[9];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1.0 / (i + 3);
        }
        double r = ((values[0] + values[1]) + (values[2] + values[3])) + ((values[4] + values[5]) + (values[6] + values[7]));

        assertThat(NumpySum.sum(values, 0, 9)).isEqualTo(r + values[8]);
    }

    @Test
    void staysWithinRoundingOfTheExactSumOnLongArrays() {
        Random random = new Random(3);
        double[] values = new double[50_000];
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
            exact = exact.add(new BigDecimal(values[i]));
        }

        assertThat(NumpySum.sum(values, 0, values.length)).isCloseTo(exact.doubleValue(),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(NumpySum.mean(values, 0, values.length))
                .isEqualTo(NumpySum.sum(values, 0, values.length) / values.length);
    }

    @Test
    void sumsARange() {
        double[] values = {100, 1, 2, 100};

        assertThat(NumpySum.sum(values, 1, 3)).isEqualTo(3.0);
        assertThat(NumpySum.sum(values, 2, 2)).isEqualTo(0.0);
    }
}
