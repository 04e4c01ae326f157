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
    /** 6: the passes are written out in {@link #sort}. */
    private static final int PASSES = (63 + BITS - 1) / BITS;

    private RadixSort() {
    }

    /**
     * Sorts {@code keys[0, n)}, using {@code scratch} (at least n long) as the other buffer.
     *
     * @return the array that holds the sorted keys: {@code keys} or {@code scratch}
     */
    static long[] sort(long[] keys, long[] scratch, int n) {
        // One histogram per pass, counted in one read of the keys, the passes written out: a
        // whole `score` run executes this loop as quick-compiled (C1) code, which neither unrolls
        // an inner loop over the passes nor keeps its row of a two-dimensional array at hand.
        // Measured on 40 sorts of 79k keys under -XX:TieredStopAtLevel=1: a quarter to a third
        // less time than that loop (2026-11-30, 2-core VM, three runs each).
        int[] c0 = new int[BUCKETS];
        int[] c1 = new int[BUCKETS];
        int[] c2 = new int[BUCKETS];
        int[] c3 = new int[BUCKETS];
        int[] c4 = new int[BUCKETS];
        int[] c5 = new int[BUCKETS];
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            c0[(int) key & MASK]++;
            c1[(int) (key >>> BITS) & MASK]++;
            c2[(int) (key >>> (2 * BITS)) & MASK]++;
            c3[(int) (key >>> (3 * BITS)) & MASK]++;
            c4[(int) (key >>> (4 * BITS)) & MASK]++;
            c5[(int) (key >>> (5 * BITS)) & MASK]++;
        }
        int[][] counts = {c0, c1, c2, c3, c4, c5};
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
