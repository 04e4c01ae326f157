package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A submission file read and checked on its own, before it is matched with an answer key:
 * its header, every value, and its ids' uniqueness. Reading needs only the labels, not the
 * answer key, so that a caller holding both files can read them at the same time.
 *
 * <p>Only problems that make the rows unreadable (the header's) are thrown by
 * {@link #read}; the others are kept and thrown by {@link #matchWith}, together with those
 * found there, so that a participant sees every problem at once.
 */
public final class SubmissionFile {

    static final int IDS_SHOWN = 5;

    private final List<String> labels;
    private final List<String> ignoredColumns;
    private final IdIndex ids;
    private final int[] lines;
    private final double[][] predictions;
    private final ProblemList problems;
    private final int dataRows;

    private SubmissionFile(List<String> labels, List<String> ignoredColumns, IdIndex ids, int[] lines,
                           double[][] predictions, ProblemList problems, int dataRows) {
        this.labels = labels;
        this.ignoredColumns = ignoredColumns;
        this.ids = ids;
        this.lines = lines;
        this.predictions = predictions;
        this.problems = problems;
        this.dataRows = dataRows;
    }

    /**
     * Reads a submission ({@code .csv}, {@code .csv.gz} or {@code .zip} with one {@code .csv}
     * inside, detected from the content) and checks every value of the labels' columns.
     *
     * @param expectedRows how many rows to make room for at first (the answer key's count, if known)
     * @throws RefusedInputException if the file cannot be read or its header lacks a column or
     *                               repeats one
     */
    public static SubmissionFile read(InputStream in, List<String> labels, ReadLimits limits, int expectedRows)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(in, limits, csv -> parse(new CsvReader(csv), List.copyOf(labels),
                Math.max(expectedRows, 16)));
    }

    private static SubmissionFile parse(CsvReader reader, List<String> labels, int capacity)
            throws IOException, RefusedInputException {
        CsvHeader header = CsvHeader.read(reader);
        ProblemList problems = new ProblemList();
        int[] columns = header.locate(CxrLt2024.ID_COLUMN, labels, problems);
        problems.throwIfAny();

        IdIndex ids = new IdIndex();
        double[][] predictions = new double[labels.size()][capacity];
        int[] lines = new int[capacity];
        int dataRows = 0;
        while (reader.next()) {
            dataRows++;
            if (!header.fits(reader, problems)) {
                continue;
            }
            int idStart = reader.trimmedStart(columns[0]);
            int idEnd = reader.trimmedEnd(columns[0]);
            if (idStart == idEnd) {
                problems.add(Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, "", "the id is empty"));
                continue;
            }
            int row = ids.add(reader.buffer(), idStart, idEnd);
            if (row < 0) {
                int first = -row - 2;
                problems.add(Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, ids.id(first),
                        "the id appears more than once (first on line " + lines[first] + ")"));
                continue;
            }
            if (row == lines.length) {
                int grown = lines.length * 2;
                lines = Arrays.copyOf(lines, grown);
                for (int l = 0; l < predictions.length; l++) {
                    predictions[l] = Arrays.copyOf(predictions[l], grown);
                }
            }
            lines[row] = (int) Math.min(reader.line(), Integer.MAX_VALUE);
            readPredictions(reader, columns, labels, predictions, row, problems);
        }
        if (dataRows == 0) {
            problems.add(Problem.ofFile("the file has a header but no rows"));
        }
        return new SubmissionFile(labels, header.unusedColumns(columns), ids, lines, predictions, problems, dataRows);
    }

    /**
     * Parses one row's probabilities into column {@code row} of {@code predictions}. A method of
     * its own, called once a row, so that the JIT compiles it early instead of waiting to
     * compile the whole file's loop on stack replacement.
     */
    private static void readPredictions(CsvReader reader, int[] columns, List<String> labels,
                                        double[][] predictions, int row, ProblemList problems) {
        byte[] buffer = reader.buffer();
        for (int l = 0; l < predictions.length; l++) {
            int field = columns[l + 1];
            double value = DecimalParser.parse(buffer, reader.start(field), reader.end(field));
            // written so that NaN fails too: only values inside [0, 1] pass
            if (value >= 0 && value <= 1) {
                predictions[l][row] = value;
            } else {
                String text = reader.text(field);
                String why = Double.isNaN(value) ? DecimalParser.whyNotANumber(text) : "outside [0, 1]";
                problems.add(Problem.atCell(reader.line(), labels.get(l), text.strip(),
                        "a prediction must be a probability in [0, 1]: " + why));
            }
        }
    }

    /**
     * Matches the rows with the answer key's: every id of the key must be present; rows whose id
     * the key lacks are ignored with a warning, as are columns that are not scored.
     *
     * @throws RefusedInputException with every problem found here and while reading
     */
    public Submission matchWith(AnswerKey key) throws RefusedInputException {
        if (!key.labels().equals(labels)) {
            throw new IllegalArgumentException("the submission was read for labels " + labels
                    + ", the answer key scores " + key.labels());
        }
        IdIndex keyIds = key.ids();
        int keyRows = key.rows();
        int[] fileRowOfKeyRow = new int[keyRows];
        Arrays.fill(fileRowOfKeyRow, -1);
        int extraRows = 0;
        List<String> extraIds = new ArrayList<>();
        for (int row = 0; row < ids.size(); row++) {
            int keyRow = ids.findIn(row, keyIds);
            if (keyRow < 0) {
                extraRows++;
                if (extraIds.size() < IDS_SHOWN) {
                    extraIds.add(ids.id(row));
                }
            } else {
                fileRowOfKeyRow[keyRow] = row;
            }
        }
        if (dataRows > 0) {
            reportMissingIds(fileRowOfKeyRow, keyIds);
        }
        problems.throwIfAny();

        double[][] aligned = new double[labels.size()][];
        for (int l = 0; l < aligned.length; l++) {
            double[] inFileOrder = predictions[l];
            double[] inKeyOrder = new double[keyRows];
            for (int keyRow = 0; keyRow < keyRows; keyRow++) {
                inKeyOrder[keyRow] = inFileOrder[fileRowOfKeyRow[keyRow]];
            }
            aligned[l] = inKeyOrder;
            predictions[l] = null; // let the file-order copy go as soon as it is aligned
        }
        List<String> warnings = new ArrayList<>();
        if (!ignoredColumns.isEmpty()) {
            warnings.add("ignored " + ignoredColumns.size() + " column" + (ignoredColumns.size() == 1 ? "" : "s")
                    + " that are not scored: " + String.join(", ", ignoredColumns));
        }
        if (extraRows > 0) {
            warnings.add("ignored " + extraRows + " row" + (extraRows == 1 ? "" : "s")
                    + " whose " + CxrLt2024.ID_COLUMN + " is not in the answer key, e.g. " + String.join(", ", extraIds));
        }
        return new Submission(key, aligned, warnings);
    }

    private void reportMissingIds(int[] fileRowOfKeyRow, IdIndex keyIds) {
        int missing = 0;
        List<String> shown = new ArrayList<>();
        for (int keyRow = 0; keyRow < fileRowOfKeyRow.length; keyRow++) {
            if (fileRowOfKeyRow[keyRow] < 0) {
                missing++;
                if (shown.size() < IDS_SHOWN) {
                    shown.add(keyIds.id(keyRow));
                }
            }
        }
        if (missing > 0) {
            problems.add(Problem.ofFile(missing + " of the answer key's " + fileRowOfKeyRow.length + " ids "
                    + (missing == 1 ? "is" : "are") + " missing from the submission, e.g. " + String.join(", ", shown)
                    + (missing > shown.size() ? ", ..." : "")));
        }
    }
}
