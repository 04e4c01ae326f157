package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A submission fully checked against one answer key, its predictions aligned to the key's rows. */
public final class Submission {

    /**
     * Reads and checks a submission ({@code .csv}, {@code .csv.gz} or {@code .zip} with one
     * {@code .csv} inside, detected from the content) against the answer key's ids and labels.
     *
     * @throws RefusedInputException listing every problem found; nothing is scored
     * @throws IOException           if the stream itself fails
     */
    public static Submission read(InputStream in, AnswerKey key, ReadLimits limits)
            throws IOException, RefusedInputException {
        throw new UnsupportedOperationException("coming");
    }

    /** Harmless oddities: extra rows and extra columns, which are ignored. */
    public List<String> warnings() {
        throw new UnsupportedOperationException("coming");
    }
}
