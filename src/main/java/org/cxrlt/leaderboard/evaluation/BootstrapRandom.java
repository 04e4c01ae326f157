package org.cxrlt.leaderboard.evaluation;

/**
 * The random numbers of the bootstrap, written out rather than taken from the JDK so that a
 * resample depends on nothing but (seed, replicate), on every Java version: SplitMix64 (Steele,
 * Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the generator of
 * {@code java.util.SplittableRandom}) and Lemire's unbiased bounded integers ("Fast random integer
 * generation in an interval", ACM TOMACS 2019).
 *
 * <p>Replicate r draws from a generator seeded with the r-th output (from 0) of a generator
 * seeded with the analysis seed, so replicates are independent of each other and of the order
 * in which threads compute them.
 */
final class BootstrapRandom {

    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    BootstrapRandom(long state) {
        this.state = state;
    }

    /** The seed of replicate {@code replicate}'s generator: output number {@code replicate} of SplitMix64(seed). */
    static long replicateSeed(long seed, int replicate) {
        return mix(seed + (replicate + 1L) * GAMMA);
    }

    long state() {
        return state;
    }

    long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /** Uniform in [0, bound), without modulo bias; bound in [1, 2^31). */
    int nextInt(int bound) {
        long product = (nextLong() >>> 32) * bound;
        long low = product & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound; // 2^32 mod bound
            while (low < threshold) {
                product = (nextLong() >>> 32) * bound;
                low = product & 0xFFFFFFFFL;
            }
        }
        return (int) (product >>> 32);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
