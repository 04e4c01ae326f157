package org.cxrlt.leaderboard.evaluation;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The arrays of predictions ({@code double[labels][rows]}) of scored submissions, given back with
 * {@link Submission#release()}, for the next submission of the same shape read in parts. A
 * task-1 submission's are 40 arrays of 632 KB, each more than half a G1 region at a 512 MB heap:
 * allocated anew for every submission, each was zeroed and counted toward a concurrent marking
 * cycle: with the workers' label workspaces ({@link LabelMetrics#ofThread}), the collector's
 * threads took 0.5 CPU-seconds in a surge of 20 task-1 uploads on a 2-core machine, 0.2 since.
 * At most {@link #KEPT} sets are kept, softly: the collector takes them back when the heap is
 * short. Thread-safe.
 */
final class PredictionArrays {

    /** Sets kept at most: one per scoring worker of a small service. */
    static final int KEPT = 2;

    private static final Deque<SoftReference<double[][]>> FREE = new ArrayDeque<>();

    private PredictionArrays() {
    }

    /**
     * Arrays of {@code labels} x {@code rows}: a set given back if one of that shape is kept,
     * holding the values of its last submission (the reader writes every one it keeps), else new
     * ones.
     */
    static double[][] take(int labels, int rows) {
        synchronized (FREE) {
            for (Iterator<SoftReference<double[][]>> it = FREE.iterator(); it.hasNext(); ) {
                double[][] arrays = it.next().get();
                if (arrays == null) {
                    it.remove();
                } else if (arrays.length == labels && (labels == 0 || arrays[0].length == rows)) {
                    it.remove();
                    return arrays;
                }
            }
        }
        return new double[labels][rows];
    }

    /** Keeps {@code arrays} for a later {@link #take}, dropping the sets kept longest beyond {@link #KEPT}. */
    static void giveBack(double[][] arrays) {
        synchronized (FREE) {
            FREE.addFirst(new SoftReference<>(arrays));
            while (FREE.size() > KEPT) {
                FREE.removeLast();
            }
        }
    }

    /** How many sets are kept now (some perhaps already taken back by the collector). */
    static int kept() {
        synchronized (FREE) {
            return FREE.size();
        }
    }
}
