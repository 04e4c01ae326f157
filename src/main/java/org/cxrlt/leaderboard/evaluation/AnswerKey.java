package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked answer key: the ids of the test images and, per scored label, which images are
 * positive. Immutable once read; safe to share between threads.
 */
public final class AnswerKey {

    private final String idColumn;
    private final IdIndex ids;
    private final List<String> labels;
    private final byte[][] truth;
    private final int[] positives;
    private final List<String> warnings;

    private AnswerKey(String idColumn, IdIndex ids, List<String> labels, byte[][] truth, int[] positives,
                      List<String> warnings) {
        this.idColumn = idColumn;
        this.ids = ids;
        this.labels = List.copyOf(labels);
        this.truth = truth;
        this.positives = positives;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads and checks an answer key ({@code .csv}, {@code .csv.gz} or a {@code .zip} holding one
     * {@code .csv}, detected from the content, read as submissions are):
     * the id column and each label's column holding 0 or 1 ({@code 0.0}/{@code 1.0}
     * accepted). Other columns are ignored. Refused, with every problem found: a missing or
     * duplicated column, a malformed line, a value other than 0 or 1, a duplicated or empty id,
     * no rows, and a label with no positive or no negative, which no metric can score.
     *
     * @param idColumn the name of the id column (the challenge definition's, such as {@code dicom_id});
     *                 submissions read against this key must have it too
     * @param labels   the labels to score, or {@code null} for every column but the id column
     * @throws RefusedInputException listing every problem found
     * @throws IOException           if the stream itself fails
     */
    public static AnswerKey read(InputStream in, String idColumn, List<String> labels, ReadLimits limits)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(in, limits,
                csv -> parse(new CsvReader(csv, limits.maxRecordBytes()), idColumn, labels));
    }

    /**
     * {@link #read(InputStream, String, List, ReadLimits)} from a file. A plain CSV file (not
     * compressed) of a megabyte or more is read in parts on several cores (the common fork-join
     * pool and the calling thread), with exactly the serial reading's outcome.
     */
    public static AnswerKey read(Path file, String idColumn, List<String> labels, ReadLimits limits)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(file, limits,
                csv -> parse(new CsvReader(csv, limits.maxRecordBytes()), idColumn, labels),
                (plain, csv) -> ParallelAnswerKeyReader.read(plain, csv, idColumn, labels, limits));
    }

    /**
     * The labels an answer key scores when none are named: its named columns other than
     * {@code idColumn}, in file order. Reads only the header.
     */
    public static List<String> labelsInHeader(InputStream in, String idColumn, ReadLimits limits)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(in, limits,
                csv -> CsvHeader.read(new CsvReader(csv, limits.maxRecordBytes())).namesExcept(idColumn));
    }

    /** {@link #labelsInHeader(InputStream, String, ReadLimits)} from a file. */
    public static List<String> labelsInHeader(Path file, String idColumn, ReadLimits limits)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(file, limits,
                csv -> CsvHeader.read(new CsvReader(csv, limits.maxRecordBytes())).namesExcept(idColumn));
    }

    static AnswerKey parse(CsvReader reader, String idColumn, List<String> requestedLabels)
            throws IOException, RefusedInputException {
        if (idColumn == null || idColumn.isEmpty()) {
            throw new IllegalArgumentException("idColumn must name the id column");
        }
        CsvHeader header = CsvHeader.read(reader);
        List<String> labels = requestedLabels != null ? requestedLabels : header.namesExcept(idColumn);
        ProblemList problems = new ProblemList();
        if (labels.isEmpty()) {
            problems.add(Problem.atLine(1, "the answer key has no label columns besides \"" + idColumn + "\""));
        }
        int[] columns = header.locate(idColumn, labels, problems);
        problems.throwIfAny();

        int labelCount = labels.size();
        IdIndex ids = new IdIndex();
        int capacity = initialRows(labelCount);
        byte[][] truth = new byte[labelCount][capacity];
        int[] firstLines = new int[capacity];
        int rows = 0;
        while (reader.next()) {
            Problem misfit = header.misfit(reader);
            if (misfit != null) {
                problems.add(misfit);
                continue;
            }
            int idStart = reader.trimmedStart(columns[0]);
            int idEnd = reader.trimmedEnd(columns[0]);
            if (idStart == idEnd) {
                problems.add(Problem.atCell(reader.line(), idColumn, "", "the id is empty"));
                continue;
            }
            int row = ids.add(reader.buffer(), idStart, idEnd);
            if (row < 0) {
                int first = -row - 2;
                problems.add(Problem.atCell(reader.line(), idColumn, ids.id(first),
                        "the id appears more than once (first on line " + firstLines[first] + ")"));
                continue;
            }
            if (row == firstLines.length) {
                firstLines = Arrays.copyOf(firstLines, row * 2);
                for (int l = 0; l < labelCount; l++) {
                    truth[l] = Arrays.copyOf(truth[l], row * 2);
                }
            }
            firstLines[row] = (int) Math.min(reader.line(), Integer.MAX_VALUE);
            readTruth(reader, columns, labels, truth, row, problems);
            rows++;
        }
        if (rows == 0 && problems.isEmpty()) {
            problems.add(Problem.ofFile("the answer key has a header but no rows"));
        }
        return checked(idColumn, ids, labels, truth, rows, null, problems, header, columns);
    }

    /**
     * The key once its rows are read: refused for the problems found, or for a label with no
     * positive or no negative; {@code truth} is cut to {@code rows}.
     *
     * @param positives each label's positives among the rows, or null to count them here
     */
    static AnswerKey checked(String idColumn, IdIndex ids, List<String> labels, byte[][] truth, int rows,
                             int[] positives, ProblemList problems, CsvHeader header, int[] columns)
            throws RefusedInputException {
        int labelCount = labels.size();
        if (problems.isEmpty()) {
            if (positives == null) {
                positives = new int[labelCount];
                for (int l = 0; l < labelCount; l++) {
                    for (int row = 0; row < rows; row++) {
                        positives[l] += truth[l][row];
                    }
                }
            }
            for (int l = 0; l < labelCount; l++) {
                if (positives[l] == 0) {
                    problems.add(new Problem(0, labels.get(l), null,
                            "label \"" + labels.get(l) + "\" has no positive row: AP and AUROC are undefined for it"));
                } else if (positives[l] == rows) {
                    problems.add(new Problem(0, labels.get(l), null,
                            "label \"" + labels.get(l) + "\" has no negative row: AUROC is undefined for it"));
                }
            }
        }
        problems.throwIfAny();
        for (int l = 0; l < labelCount; l++) {
            if (truth[l].length != rows) {
                truth[l] = Arrays.copyOf(truth[l], rows);
            }
        }
        List<String> warnings = new ArrayList<>();
        String ignored = header.unusedColumnsWarning(columns, " of the answer key");
        if (ignored != null) {
            warnings.add(ignored);
        }
        return new AnswerKey(idColumn, ids, labels, truth, positives, warnings);
    }

    /**
     * The rows a reader makes room for before it grows its arrays by doubling: 1,024, or fewer
     * for a key with thousands of labels, so that room for its first rows stays within about a
     * megabyte (a key of 100,000 labels took 100 MB before its first row was read).
     */
    static int initialRows(int labelCount) {
        return Math.max(16, Math.min(1024, (1 << 20) / Math.max(1, labelCount)));
    }

    /** One row's 0/1 values into column {@code row} of {@code truth}; its own method so the JIT takes it early. */
    private static void readTruth(CsvReader reader, int[] columns, List<String> labels, byte[][] truth, int row,
                                  ProblemList problems) {
        byte[] buffer = reader.buffer();
        for (int l = 0; l < truth.length; l++) {
            int field = columns[l + 1];
            int start = reader.start(field);
            int end = reader.end(field);
            // nearly every cell is a bare 0 or 1: decide those without the number parser
            if (end - start == 1 && (buffer[start] == '0' || buffer[start] == '1')) {
                truth[l][row] = (byte) (buffer[start] - '0');
                continue;
            }
            double value = DecimalParser.parse(buffer, start, end);
            if (value == 0 || value == 1) {
                truth[l][row] = (byte) value;
            } else {
                problems.add(Problem.atCell(reader.line(), labels.get(l), reader.text(field),
                        "an answer key value must be 0 or 1"));
            }
        }
    }

    /** The id column's name, which submissions read against this key must have too. */
    public String idColumn() {
        return idColumn;
    }

    /** The id of a row, 0-based, in the file's order. */
    public String id(int row) {
        return ids.id(row);
    }

    /** Number of test images. */
    public int rows() {
        return ids.size();
    }

    /** The scored labels, in the order asked for (or the file's order). */
    public List<String> labels() {
        return labels;
    }

    /** Positives per label, in label order. */
    public Map<String, Integer> positivesByLabel() {
        Map<String, Integer> byLabel = new LinkedHashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            byLabel.put(labels.get(l), positives[l]);
        }
        return Collections.unmodifiableMap(byLabel);
    }

    /** Harmless oddities (ignored columns). */
    public List<String> warnings() {
        return warnings;
    }

    IdIndex ids() {
        return ids;
    }

    int positives(int label) {
        return positives[label];
    }

    /** 0/1 per row of the label; shared, not to be modified. */
    byte[] truth(int label) {
        return truth[label];
    }
}
