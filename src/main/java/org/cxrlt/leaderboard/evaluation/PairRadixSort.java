package org.cxrlt.leaderboard.evaluation;

/**
 * Sorts non-negative {@code long} keys ascending together with an {@code int} carried beside
 * each (a row number), least significant digit first, 11 bits a pass, skipping passes in which
 * every key has the same digit (the exponents of probabilities mostly agree). Stable.
 */
final class PairRadixSort {

    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int PASSES = (63 + BITS - 1) / BITS;

    private final long[] keyScratch;
    private final int[] valueScratch;
    private final int[][] counts = new int[PASSES][BUCKETS];

    /** Working arrays for up to {@code capacity} pairs; one instance per thread. */
    PairRadixSort(int capacity) {
        this.keyScratch = new long[capacity];
        this.valueScratch = new int[capacity];
    }

    /**
     * Sorts {@code keys[0, n)} and moves {@code values[0, n)} with them; the result is left in
     * {@code keys} and {@code values}.
     */
    void sort(long[] keys, int[] values, int n) {
        for (int[] count : counts) {
            java.util.Arrays.fill(count, 0);
        }
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass][(int) (key >>> (pass * BITS)) & MASK]++;
            }
        }
        long[] fromKeys = keys;
        int[] fromValues = values;
        long[] toKeys = keyScratch;
        int[] toValues = valueScratch;
        for (int pass = 0; pass < PASSES; pass++) {
            int[] count = counts[pass];
            int shift = pass * BITS;
            if (n == 0 || count[(int) (fromKeys[0] >>> shift) & MASK] == n) {
                continue; // every key has the same digit here: the pass would not move anything
            }
            int total = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int c = count[b];
                count[b] = total;
                total += c;
            }
            for (int i = 0; i < n; i++) {
                long key = fromKeys[i];
                int to = count[(int) (key >>> shift) & MASK]++;
                toKeys[to] = key;
                toValues[to] = fromValues[i];
            }
            long[] swapKeys = fromKeys;
            fromKeys = toKeys;
            toKeys = swapKeys;
            int[] swapValues = fromValues;
            fromValues = toValues;
            toValues = swapValues;
        }
        if (fromKeys != keys) {
            System.arraycopy(fromKeys, 0, keys, 0, n);
            System.arraycopy(fromValues, 0, values, 0, n);
        }
    }
}
