package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A submission file read and checked on its own, before it is matched with an answer key:
 * its header, every value, and its ids' uniqueness. Reading needs only the labels, not the
 * answer key, so that a caller holding both files can read them at the same time.
 *
 * <p>Only problems that make the rows unreadable (the header's) are thrown by
 * {@link #read}; the others are kept and thrown by {@link #matchWith}, together with those
 * found there, so that a participant sees every problem at once. A problem with the values or
 * the id of a row is kept with the row and dropped if the answer key does not have its id:
 * rows of other images are ignored, whatever they hold.
 *
 * <p>Because the answer key is not known while reading, every row is kept: memory grows with
 * the upload. {@link Submission#read} reads against the key and keeps only the key's rows; use
 * it for files from untrusted sources.
 */
public final class SubmissionFile {

    static final int IDS_SHOWN = 5;

    /**
     * Rows per block of predictions. Blocks are row-major (a row's labels side by side, written
     * in the order they are parsed) and never copied as the file grows; at about 320 KB for 40
     * labels they stay small enough for the young generation of any collector.
     */
    private static final int BLOCK_ROWS = 1024;

    /** Row problems kept in full; beyond these only their count per row is kept. */
    private static final int ROW_PROBLEMS_KEPT = 1000;

    private final List<String> labels;
    /** The warning about columns that are not scored, or null. */
    private final String ignoredColumnsWarning;
    private final IdIndex ids;
    private final int[] lines;
    private List<double[]> blocks;
    private final ProblemList fileProblems;
    private final RowProblems rowProblems;
    private final int dataRows;

    private SubmissionFile(List<String> labels, String ignoredColumnsWarning, IdIndex ids, int[] lines,
                           List<double[]> blocks, ProblemList fileProblems, RowProblems rowProblems,
                           int dataRows) {
        this.labels = labels;
        this.ignoredColumnsWarning = ignoredColumnsWarning;
        this.ids = ids;
        this.lines = lines;
        this.blocks = blocks;
        this.fileProblems = fileProblems;
        this.rowProblems = rowProblems;
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
        return UploadedFile.readCsv(in, limits, csv -> parse(new CsvReader(csv, limits.maxRecordBytes()),
                List.copyOf(labels), Math.max(expectedRows, 16)));
    }

    private static SubmissionFile parse(CsvReader reader, List<String> labels, int capacity)
            throws IOException, RefusedInputException {
        CsvHeader header = CsvHeader.read(reader);
        ProblemList problems = new ProblemList();
        int[] columns = header.locate(CxrLt2024.ID_COLUMN, labels, problems);
        problems.throwIfAny();

        IdIndex ids = new IdIndex();
        int labelCount = labels.size();
        List<double[]> blocks = new ArrayList<>(capacity / BLOCK_ROWS + 1);
        int[] lines = new int[capacity];
        // problems of the file as a whole or of rows without a usable id, kept in line order
        ProblemList fileProblems = new ProblemList();
        RowProblems rowProblems = new RowProblems(capacity);
        int dataRows = 0;
        while (reader.next()) {
            dataRows++;
            Problem misfit = header.misfit(reader);
            if (misfit != null) {
                fileProblems.add(misfit);
                continue;
            }
            int idStart = reader.trimmedStart(columns[0]);
            int idEnd = reader.trimmedEnd(columns[0]);
            if (idStart == idEnd) {
                fileProblems.add(Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, "", "the id is empty"));
                continue;
            }
            int row = ids.add(reader.buffer(), idStart, idEnd);
            if (row < 0) {
                int first = -row - 2;
                rowProblems.add(first, Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, ids.id(first),
                        "the id appears more than once (first on line " + lines[first] + ")"));
                continue;
            }
            if (row == lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
            }
            if (row % BLOCK_ROWS == 0) {
                blocks.add(new double[BLOCK_ROWS * labelCount]);
            }
            lines[row] = (int) Math.min(reader.line(), Integer.MAX_VALUE);
            readPredictions(reader, columns, labels, blocks.get(row / BLOCK_ROWS), (row % BLOCK_ROWS) * labelCount,
                    row, rowProblems);
        }
        if (dataRows == 0) {
            fileProblems.add(Problem.ofFile("the file has a header but no rows"));
        }
        return new SubmissionFile(labels, header.unusedColumnsWarning(columns, ""), ids, lines, blocks, fileProblems,
                rowProblems, dataRows);
    }

    /**
     * Parses one row's probabilities into {@code block} from {@code offset} on. A method of its
     * own, called once a row, so that the JIT compiles it early instead of waiting to compile
     * the whole file's loop on stack replacement.
     */
    private static void readPredictions(CsvReader reader, int[] columns, List<String> labels,
                                        double[] block, int offset, int row, RowProblems problems) {
        byte[] buffer = reader.buffer();
        for (int l = 0; l < columns.length - 1; l++) {
            int field = columns[l + 1];
            double value = DecimalParser.parse(buffer, reader.start(field), reader.end(field));
            // written so that NaN fails too: only values inside [0, 1] pass
            if (value >= 0 && value <= 1) {
                block[offset + l] = value;
            } else {
                String text = reader.text(field);
                String why = Double.isNaN(value) ? DecimalParser.whyNotANumber(text) : "outside [0, 1]";
                problems.add(row, Problem.atCell(reader.line(), labels.get(l), text.strip(),
                        "a prediction must be a probability in [0, 1]: " + why));
            }
        }
    }

    /**
     * Matches the rows with the answer key's: every id of the key must be present; rows whose id
     * the key lacks are ignored with a warning, as are columns that are not scored.
     *
     * Once only: the file's own copy of the predictions is let go when matched.
     *
     * @throws RefusedInputException with every problem found here and while reading
     */
    public Submission matchWith(AnswerKey key) throws RefusedInputException {
        if (blocks == null) {
            throw new IllegalStateException("this submission file was matched already; read it again");
        }
        if (!key.labels().equals(labels)) {
            throw new IllegalArgumentException("the submission was read for labels " + labels
                    + ", the answer key scores " + key.labels());
        }
        IdIndex keyIds = key.ids();
        int keyRows = key.rows();
        int[] fileRowOfKeyRow = new int[keyRows];
        Arrays.fill(fileRowOfKeyRow, -1);
        UnmatchedIds unmatched = new UnmatchedIds();
        for (int row = 0; row < ids.size(); row++) {
            int keyRow = ids.findIn(row, keyIds);
            if (keyRow < 0) {
                unmatched.add(ids.id(row));
            } else {
                fileRowOfKeyRow[keyRow] = row;
            }
        }
        throwProblems(fileRowOfKeyRow, keyIds, unmatched);

        int labelCount = labels.size();
        double[][] aligned = new double[labelCount][keyRows];
        for (int keyRow = 0; keyRow < keyRows; keyRow++) {
            int fileRow = fileRowOfKeyRow[keyRow];
            double[] block = blocks.get(fileRow / BLOCK_ROWS);
            int offset = (fileRow % BLOCK_ROWS) * labelCount;
            for (int l = 0; l < labelCount; l++) {
                aligned[l][keyRow] = block[offset + l];
            }
        }
        blocks = null; // matched once; let the file-order copy go
        List<String> warnings = new ArrayList<>();
        if (ignoredColumnsWarning != null) {
            warnings.add(ignoredColumnsWarning);
        }
        if (unmatched.count() > 0) {
            warnings.add(MissingIds.extraRowsWarning(unmatched));
        }
        return new Submission(key, aligned, warnings);
    }

    /**
     * Throws every problem of the file and of the rows the answer key has, in line order, then
     * the answer-key ids the file lacks; does nothing if there is none.
     */
    private void throwProblems(int[] fileRowOfKeyRow, IdIndex keyIds, UnmatchedIds unmatched)
            throws RefusedInputException {
        boolean[] inKey = new boolean[ids.size()];
        for (int fileRow : fileRowOfKeyRow) {
            if (fileRow >= 0) {
                inKey[fileRow] = true;
            }
        }
        List<Problem> found = new ArrayList<>(fileProblems.listed());
        int total = fileProblems.total() + rowProblems.countIn(inKey);
        found.addAll(rowProblems.keptIn(inKey));
        found.sort(Comparator.comparingLong(Problem::line));
        if (found.isEmpty() && total > 0) {
            // only when more problems than are kept all belong to rows of other images
            found.add(Problem.ofFile(total + " invalid values or repeated ids"));
        }
        if (dataRows > 0) {
            Problem missing = missingIds(fileRowOfKeyRow, keyIds, unmatched);
            if (missing != null) {
                found.add(missing);
                total++;
            }
        }
        if (total > 0) {
            int listed = Math.min(found.size(), RefusedInputException.MAX_PROBLEMS_LISTED);
            throw new RefusedInputException(found.subList(0, listed), Math.max(total, listed));
        }
    }

    private static Problem missingIds(int[] fileRowOfKeyRow, IdIndex keyIds, UnmatchedIds unmatched) {
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
        if (missing == 0) {
            return null;
        }
        return MissingIds.describe(missing, fileRowOfKeyRow.length, shown, unmatched, keyIds);
    }

    /** Problems of rows, by the file row whose id they depend on: the first ones in full, all counted. */
    private static final class RowProblems {
        private final List<Problem> kept = new ArrayList<>();
        private final List<Integer> rowOfKept = new ArrayList<>();
        private int[] countOfRow;

        RowProblems(int capacity) {
            countOfRow = new int[capacity];
        }

        void add(int row, Problem problem) {
            if (row >= countOfRow.length) {
                countOfRow = Arrays.copyOf(countOfRow, Math.max(row + 1, countOfRow.length * 2));
            }
            countOfRow[row]++;
            if (kept.size() < ROW_PROBLEMS_KEPT) {
                kept.add(problem);
                rowOfKept.add(row);
            }
        }

        int countIn(boolean[] inKey) {
            int count = 0;
            for (int row = 0; row < Math.min(inKey.length, countOfRow.length); row++) {
                if (inKey[row]) {
                    count += countOfRow[row];
                }
            }
            return count;
        }

        List<Problem> keptIn(boolean[] inKey) {
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                if (inKey[rowOfKept.get(i)]) {
                    problems.add(kept.get(i));
                }
            }
            return problems;
        }
    }
}
