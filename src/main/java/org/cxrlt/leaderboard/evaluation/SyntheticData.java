package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Synthetic test sets of the real shape, with long-tailed prevalences taken from the training
 * counts: for tests, benchmarks and demos, since the real labels may not be shipped.
 */
public final class SyntheticData {

    /** A synthetic answer key of {@code rows} images for {@code labels}, reproducible from the seed. */
    public static SyntheticData create(List<String> labels, int rows, long seed) {
        throw new UnsupportedOperationException("coming");
    }

    /** Writes the answer key as CSV: {@code dicom_id} then one 0/1 column per label. */
    public void writeAnswerKey(OutputStream out) throws IOException {
        throw new UnsupportedOperationException("coming");
    }

    /**
     * Writes a plausible submission: probabilities whose separation of positives from negatives
     * grows with {@code skill} (0 = random, 1 = strong), reproducible from the seed.
     */
    public void writeSubmission(OutputStream out, double skill, long seed) throws IOException {
        throw new UnsupportedOperationException("coming");
    }
}
