package org.cxrlt.leaderboard.evaluation;

/**
 * Sorts non-negative {@code long} keys ascending, least significant digit first, 11 bits a
 * pass. Scoring sorts every label's predictions once; on a task-1 answer key (79k rows) this is
 * about three times faster than {@code Arrays.sort}, most keys sharing their high bits (the
 * exponents of probabilities), so those passes are skipped.
 */
final class RadixSort {

    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int PASSES = (63 + BITS - 1) / BITS;

    private RadixSort() {
    }

    /**
     * Sorts {@code keys[0, n)}, using {@code scratch} (at least n long) as the other buffer.
     *
     * @return the array that holds the sorted keys: {@code keys} or {@code scratch}
     */
    static long[] sort(long[] keys, long[] scratch, int n) {
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass][(int) (key >>> (pass * BITS)) & MASK]++;
            }
        }
        long[] from = keys;
        long[] to = scratch;
        for (int pass = 0; pass < PASSES; pass++) {
            int[] count = counts[pass];
            if (n > 0 && count[(int) (from[0] >>> (pass * BITS)) & MASK] == n) {
                continue; // every key has the same digit here: the pass would not move anything
            }
            int total = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int c = count[b];
                count[b] = total;
                total += c;
            }
            int shift = pass * BITS;
            for (int i = 0; i < n; i++) {
                long key = from[i];
                to[count[(int) (key >>> shift) & MASK]++] = key;
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }
}
