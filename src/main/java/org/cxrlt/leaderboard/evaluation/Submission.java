package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A submission fully checked against one answer key: for each of the key's labels, one
 * probability per answer-key row, in the key's row order (the order in which a left join of
 * the key with the submission would list them).
 */
public final class Submission {

    private final AnswerKey key;
    /** Null once released. */
    private volatile double[][] predictions;
    private final List<String> warnings;

    /** {@code read} with the warning of how its CSV was found in the file, if any. */
    private static Submission noted(InputStream csv, Submission read) {
        String note = UploadedFile.noteOf(csv);
        if (note == null || read == null) {
            return read;
        }
        List<String> warnings = new java.util.ArrayList<>(read.warnings);
        warnings.add(0, note);
        return new Submission(read.key, read.predictions, warnings);
    }

    Submission(AnswerKey key, double[][] predictions, List<String> warnings) {
        this.key = key;
        this.predictions = predictions;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads and checks a submission ({@code .csv}, {@code .csv.gz} or {@code .zip} with one
     * {@code .csv} inside, detected from the content) against the answer key's ids and labels.
     * Refused, with every problem found: a missing or duplicated column, a malformed line, a
     * value that is not a number, NaN, infinite or outside [0, 1], an empty or duplicated id,
     * and ids of the answer key missing from the file. Rows whose id is not in the answer key and
     * columns that are not scored are ignored, with a warning.
     *
     * <p>Memory is bounded by the answer key, not by the file: one double per key row and label
     * and one int per key row, a read buffer of at most about twice
     * {@link ReadLimits#maxRecordBytes()} (one per part when a file is read in parts; for a
     * compressed file, also up to three blocks of 256 KiB decompressed ahead), and the first
     * problems. Rows whose id the key lacks
     * are counted, not kept. A zip given as a stream is first copied to a temporary file (it is
     * read through its central directory); {@link #read(Path, AnswerKey, ReadLimits)} reads it in
     * place.
     *
     * @throws RefusedInputException listing every problem found; nothing is scored
     * @throws IOException           if the stream itself fails
     */
    public static Submission read(InputStream in, AnswerKey key, ReadLimits limits)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(in, limits,
                csv -> noted(csv, SubmissionReader.read(new CsvReader(csv, limits.maxRecordBytes()), key)));
    }

    /**
     * {@link #read(InputStream, AnswerKey, ReadLimits)} from a file. A plain CSV file (not
     * compressed) of a megabyte or more is read in parts on several cores (the common fork-join
     * pool and the calling thread), with exactly the serial reading's outcome; the memory bound
     * grows by one read buffer per part being read.
     */
    public static Submission read(Path file, AnswerKey key, ReadLimits limits)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(file, limits,
                csv -> noted(csv, SubmissionReader.read(new CsvReader(csv, limits.maxRecordBytes()), key)),
                (plain, csv) -> ParallelSubmissionReader.read(plain, csv, key, limits));
    }

    /**
     * Rows parsed before the answer key arrives, at most this many bytes of them, when the key is
     * read at the same time: 16 MiB, a fifth of a task-1 submission's rows.
     */
    public static final long EARLY_ROWS_BYTES = 16L << 20;

    /**
     * {@link #read(Path, AnswerKey, ReadLimits)} started while the answer key is still being read
     * (on another thread): rows are parsed meanwhile and kept, at most {@link #EARLY_ROWS_BYTES}
     * bytes of them; reading then waits for the key, matches them and goes on. Memory stays
     * bounded by the key plus that much.
     *
     * @param idColumn  the id column the key is being read for
     * @param labels    the labels the key is being read for
     * @param answerKey the key being read
     * @return null if the key could not be read: {@code answerKey} tells why
     * @throws RefusedInputException if the submission is refused (its header, before the key is
     *                               known; anything, after)
     */
    public static Submission read(Path file, String idColumn, List<String> labels, Future<AnswerKey> answerKey,
                                  ReadLimits limits) throws IOException, RefusedInputException {
        List<String> copy = List.copyOf(labels);
        return UploadedFile.readCsv(file, limits, csv -> noted(csv, SubmissionReader.read(
                new CsvReader(csv, limits.maxRecordBytes()), idColumn, copy, answerKey, EARLY_ROWS_BYTES)));
    }

    /** Harmless oddities: extra rows and extra columns, which are ignored; a zip's CSV without a .csv name. */
    public List<String> warnings() {
        return warnings;
    }

    AnswerKey key() {
        return key;
    }

    /**
     * Probabilities of one label in answer-key row order; shared, not to be modified.
     *
     * @throws IllegalStateException once the submission is {@link #release() released}
     */
    double[] predictions(int label) {
        double[][] all = predictions;
        if (all == null) {
            throw new IllegalStateException("the submission was released: its predictions are another's now");
        }
        return all[label];
    }

    /**
     * Gives this submission's arrays of predictions back to be reused by the next submission of
     * the same shape read from a file in parts, sparing the allocation of large arrays per
     * submission. Call it once nothing reads this submission any more (it has been scored):
     * afterwards scoring it throws {@link IllegalStateException}. Calling it again does nothing.
     */
    public void release() {
        double[][] all;
        synchronized (this) {
            all = predictions;
            predictions = null;
        }
        if (all != null) {
            PredictionArrays.giveBack(all);
        }
    }
}
