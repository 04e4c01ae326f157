package org.cxrlt.leaderboard.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The resamples of a bootstrap over one answer key's images: replicate r draws n images with
 * replacement (n the key's rows) from {@link BootstrapRandom}'s generator for (seed, r), and is
 * given as how often each image was drawn.
 *
 * <p><b>Labels without a positive.</b> A resample in which some label has no positive image is
 * drawn again, from the same generator, until every label has one: the AP of such a label is
 * undefined (scikit-learn 1.2 warns and returns 0), and the answer key itself is refused with
 * one. The analysis is thus conditional on every label keeping a positive; how many resamples
 * were drawn again is reported. A replicate for which {@value #MAX_DRAWS} draws in a row fail is
 * refused, naming the rarest labels: the key is too small for a bootstrap.
 */
final class BootstrapResamples {

    /** Draws per replicate before giving up. */
    static final int MAX_DRAWS = 1000;

    private final int rows;
    private final long seed;
    private final int[][] positiveRows;
    /** Per replicate: the generator's state at the start of its accepted draw. */
    private final long[] acceptedState;
    private final int[] draws;

    private BootstrapResamples(int rows, long seed, int[][] positiveRows, long[] acceptedState, int[] draws) {
        this.rows = rows;
        this.seed = seed;
        this.positiveRows = positiveRows;
        this.acceptedState = acceptedState;
        this.draws = draws;
    }

    /**
     * Finds every replicate's accepted draw (in parallel: each depends only on its own generator).
     *
     * @throws RefusedInputException if a replicate finds no resample with a positive for every label
     */
    static BootstrapResamples draw(AnswerKey key, long seed, int replicates) throws RefusedInputException {
        int rows = key.rows();
        int[][] positiveRows = positiveRows(key);
        long[] acceptedState = new long[replicates];
        int[] draws = new int[replicates];
        BootstrapResamples resamples = new BootstrapResamples(rows, seed, positiveRows, acceptedState, draws);
        int[] failed = IntStream.range(0, replicates).parallel().filter(r -> !resamples.findAccepted(r)).limit(1)
                .toArray();
        if (failed.length > 0) {
            throw new RefusedInputException(Problem.ofFile(tooRare(key, failed[0])));
        }
        return resamples;
    }

    private boolean findAccepted(int replicate) {
        int[] counts = new int[rows];
        BootstrapRandom random = new BootstrapRandom(BootstrapRandom.replicateSeed(seed, replicate));
        for (int attempt = 1; attempt <= MAX_DRAWS; attempt++) {
            long state = random.state();
            Arrays.fill(counts, 0);
            fill(random, counts);
            if (everyLabelHasAPositive(counts)) {
                acceptedState[replicate] = state;
                draws[replicate] = attempt;
                return true;
            }
        }
        return false;
    }

    /**
     * B replicates that each take every image once: a check of the analysis (its intervals must
     * collapse to the full-data values), not a bootstrap.
     */
    static BootstrapResamples identity(AnswerKey key, int replicates) {
        int[] draws = new int[replicates];
        Arrays.fill(draws, 1);
        return new BootstrapResamples(key.rows(), 0, null, null, draws);
    }

    /** How often each image is drawn in replicate r, into {@code counts} (length: the key's rows). */
    void counts(int replicate, int[] counts) {
        if (acceptedState == null) {
            Arrays.fill(counts, 1);
            return;
        }
        Arrays.fill(counts, 0);
        fill(new BootstrapRandom(acceptedState[replicate]), counts);
    }

    private void fill(BootstrapRandom random, int[] counts) {
        int n = rows;
        for (int i = 0; i < n; i++) {
            counts[random.nextInt(n)]++;
        }
    }

    private boolean everyLabelHasAPositive(int[] counts) {
        for (int[] positives : positiveRows) {
            boolean found = false;
            for (int row : positives) {
                if (counts[row] != 0) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    int replicates() {
        return draws.length;
    }

    /** Resamples drawn again because a label had no positive, over all replicates. */
    long redrawn() {
        long total = 0;
        for (int d : draws) {
            total += d - 1;
        }
        return total;
    }

    private static int[][] positiveRows(AnswerKey key) {
        int[][] positives = new int[key.labels().size()][];
        for (int l = 0; l < positives.length; l++) {
            byte[] truth = key.truth(l);
            int[] found = new int[key.positives(l)];
            int k = 0;
            for (int row = 0; row < truth.length; row++) {
                if (truth[row] != 0) {
                    found[k++] = row;
                }
            }
            positives[l] = found;
        }
        return positives;
    }

    private static String tooRare(AnswerKey key, int replicate) {
        List<Integer> labels = new ArrayList<>();
        for (int l = 0; l < key.labels().size(); l++) {
            labels.add(l);
        }
        labels.sort(Comparator.comparingInt(key::positives));
        StringBuilder rarest = new StringBuilder();
        for (int i = 0; i < Math.min(5, labels.size()); i++) {
            int l = labels.get(i);
            rarest.append(i == 0 ? "" : ", ").append('"').append(key.labels().get(l)).append("\" (")
                    .append(key.positives(l)).append(key.positives(l) == 1 ? " positive)" : " positives)");
        }
        return "the answer key is too small for a bootstrap: replicate " + replicate + " drew " + MAX_DRAWS
                + " resamples of its " + key.rows() + " images and none kept a positive image of every label"
                + " (resamples without one are drawn again); its rarest labels: " + rarest;
    }
}
