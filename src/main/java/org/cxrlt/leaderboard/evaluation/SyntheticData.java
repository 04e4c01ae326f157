package org.cxrlt.leaderboard.evaluation;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic test sets of the real shape, with long-tailed prevalences given by the caller
 * (from a challenge definition's training counts): for tests, benchmarks and demos, since the
 * real labels may not be shipped. Ids look like MIMIC-CXR {@code dicom_id}s (five groups of
 * eight hex digits) but are random.
 */
public final class SyntheticData {

    /** Prevalence given to labels without training counts (the zero-shot ones). */
    private static final double UNSEEN_LABEL_PREVALENCE = 0.02;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String idColumn;
    private final List<String> labels;
    private final String[] ids;
    private final byte[][] truth;
    private final double[] prevalence;

    private SyntheticData(String idColumn, List<String> labels, String[] ids, byte[][] truth, double[] prevalence) {
        this.idColumn = idColumn;
        this.labels = labels;
        this.ids = ids;
        this.truth = truth;
        this.prevalence = prevalence;
    }

    /**
     * A synthetic answer key of {@code rows} images for {@code labels}, reproducible from the
     * seed. Every label gets at least one positive and one negative, so the key is scorable.
     *
     * @param idColumn   the id column's name in the files written
     * @param prevalence each label's share of positives in (0, 1); a label left out (such as a
     *                   zero-shot one, without training count) gets {@value #UNSEEN_LABEL_PREVALENCE}
     */
    public static SyntheticData create(String idColumn, List<String> labels, java.util.Map<String, Double> prevalence,
                                       int rows, long seed) {
        if (rows < 2) {
            throw new IllegalArgumentException("rows must be at least 2, was " + rows);
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        SplittableRandom random = new SplittableRandom(seed);
        String[] ids = new String[rows];
        Set<String> seen = new HashSet<>(rows * 2);
        for (int row = 0; row < rows; row++) {
            String id;
            do {
                id = randomDicomId(random);
            } while (!seen.add(id));
            ids[row] = id;
        }
        byte[][] truth = new byte[labels.size()][rows];
        double[] shares = new double[labels.size()];
        for (int l = 0; l < labels.size(); l++) {
            Double given = prevalence.get(labels.get(l));
            shares[l] = given == null ? UNSEEN_LABEL_PREVALENCE : given;
            int positives = 0;
            for (int row = 0; row < rows; row++) {
                if (random.nextDouble() < shares[l]) {
                    truth[l][row] = 1;
                    positives++;
                }
            }
            if (positives == 0) {
                truth[l][random.nextInt(rows)] = 1;
            } else if (positives == rows) {
                truth[l][random.nextInt(rows)] = 0;
            }
        }
        return new SyntheticData(idColumn, List.copyOf(labels), ids, truth, shares);
    }

    public List<String> labels() {
        return labels;
    }

    public int rows() {
        return ids.length;
    }

    /** Writes the answer key as CSV: the id column, then one 0/1 column per label. */
    public void writeAnswerKey(OutputStream out) throws IOException {
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        writeHeader(buffered);
        for (int row = 0; row < ids.length; row++) {
            buffered.write(ids[row].getBytes(StandardCharsets.US_ASCII));
            for (byte[] label : truth) {
                buffered.write(',');
                buffered.write('0' + label[row]);
            }
            buffered.write('\n');
        }
        buffered.flush();
    }

    /**
     * Writes a plausible submission: probabilities around each label's prevalence whose
     * separation of positives from negatives grows with {@code skill} (0 = random, 1 = strong),
     * with seven decimals (a full task-1 file is then about 33 MB, like a real one),
     * reproducible from the seed.
     */
    public void writeSubmission(OutputStream out, double skill, long seed) throws IOException {
        if (!(skill >= 0 && skill <= 1)) {
            throw new IllegalArgumentException("skill must be in [0, 1], was " + skill);
        }
        SplittableRandom random = new SplittableRandom(seed);
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        byte[] number = new byte[16];
        writeHeader(buffered);
        for (int row = 0; row < ids.length; row++) {
            buffered.write(ids[row].getBytes(StandardCharsets.US_ASCII));
            for (int l = 0; l < truth.length; l++) {
                double logit = Math.log(prevalence[l] / (1 - prevalence[l]))
                        + gaussian(random) + (truth[l][row] == 1 ? 3.0 * skill : 0.0);
                double probability = 1 / (1 + Math.exp(-logit));
                buffered.write(',');
                buffered.write(number, 0, formatSevenDecimals(probability, number));
            }
            buffered.write('\n');
        }
        buffered.flush();
    }

    private void writeHeader(OutputStream out) throws IOException {
        StringBuilder header = new StringBuilder(idColumn);
        for (String label : labels) {
            header.append(',');
            header.append(label.contains(",") || label.contains("\"") ? '"' + label.replace("\"", "\"\"") + '"' : label);
        }
        out.write(header.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes p in [0, 1] as {@code 0.ddddddd} without trailing zeros; returns the length. */
    private static int formatSevenDecimals(double p, byte[] into) {
        long scaled = Math.round(p * 1e7);
        if (scaled >= 10_000_000L) {
            into[0] = '1';
            return 1;
        }
        into[0] = '0';
        into[1] = '.';
        for (int i = 8; i >= 2; i--) {
            into[i] = (byte) ('0' + scaled % 10);
            scaled /= 10;
        }
        int length = 9;
        while (length > 3 && into[length - 1] == '0') {
            length--;
        }
        return length;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static String randomDicomId(SplittableRandom random) {
        char[] id = new char[44];
        int at = 0;
        for (int group = 0; group < 5; group++) {
            if (group > 0) {
                id[at++] = '-';
            }
            int bits = random.nextInt();
            for (int i = 7; i >= 0; i--) {
                id[at++] = HEX[(bits >>> (4 * i)) & 0xF];
            }
        }
        return new String(id);
    }
}
