package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RadixSortTests {

    @Test
    void sortsLikeArraysSortOnRandomNonNegativeKeys() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(5000);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = switch (round % 4) {
                    case 0 -> random.nextLong() >>> 1;
                    case 1 -> Double.doubleToRawLongBits(random.nextDouble()) << 1 | random.nextInt(2);
                    case 2 -> random.nextInt(4);                 // heavy ties, high digits all equal
                    default -> Long.MAX_VALUE - random.nextInt(3);
                };
            }
            long[] expected = keys.clone();
            Arrays.sort(expected);

            long[] sorted = RadixSort.sort(keys, new long[n], n);

            assertThat(Arrays.copyOf(sorted, n)).as("round " + round).containsExactly(expected);
        }
    }

    @Test
    void sortsOnlyThePrefix() {
        long[] keys = {5, 3, 9, 1};

        long[] sorted = RadixSort.sort(keys, new long[4], 3);

        assertThat(Arrays.copyOf(sorted, 3)).containsExactly(3, 5, 9);
    }
}
