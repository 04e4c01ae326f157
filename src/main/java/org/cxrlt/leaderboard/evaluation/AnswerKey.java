package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** A checked answer key: the ids of the test images and, per scored label, which are positive. */
public final class AnswerKey {

    /**
     * Reads and checks an answer key ({@code .csv} or {@code .csv.gz}, detected from the content).
     *
     * @param labels the labels to score, or {@code null} for every column but {@code dicom_id}
     * @throws RefusedInputException listing every problem found
     * @throws IOException           if the stream itself fails
     */
    public static AnswerKey read(InputStream in, List<String> labels, ReadLimits limits)
            throws IOException, RefusedInputException {
        throw new UnsupportedOperationException("coming");
    }

    public int rows() {
        throw new UnsupportedOperationException("coming");
    }

    public List<String> labels() {
        throw new UnsupportedOperationException("coming");
    }

    /** Positives per label, in label order. */
    public Map<String, Integer> positivesByLabel() {
        throw new UnsupportedOperationException("coming");
    }

    /** Harmless oddities (ignored columns and the like). */
    public List<String> warnings() {
        throw new UnsupportedOperationException("coming");
    }
}
