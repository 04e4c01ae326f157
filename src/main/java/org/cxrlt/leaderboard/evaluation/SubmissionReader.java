package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Reads a submission straight into the answer key's row order, so that what is kept is bounded
 * by the answer key (one probability per key row and label, and the line of each key row),
 * whatever the upload holds: a row whose id the key lacks is counted and skipped, its values
 * unread (rows of other images are ignored, whatever they hold), and a record longer than the
 * reader's limit is refused. Problems are kept up to {@value RefusedInputException#MAX_PROBLEMS_LISTED}
 * and counted.
 */
final class SubmissionReader {

    /** Rows per block of rows parsed before the answer key is there (see {@link Early}). */
    private static final int BLOCK_ROWS = 1024;
    /** Problems of early rows kept in full; beyond these only counted. */
    private static final int EARLY_PROBLEMS_KEPT = 1000;

    private final AnswerKey key;
    private final String idColumn;
    private final List<String> labels;
    private final int[] columns;
    private final IdIndex keyIds;
    private final double[][] predictions;
    /** The line of each answer-key row in the file; 0 while not found (data lines start at 2). */
    private final int[] lineOfKeyRow;
    private final ProblemList problems = new ProblemList();
    private final UnmatchedIds unmatched = new UnmatchedIds();
    private long dataRows;

    private SubmissionReader(AnswerKey key, int[] columns) {
        this.key = key;
        this.idColumn = key.idColumn();
        this.labels = key.labels();
        this.columns = columns;
        this.keyIds = key.ids();
        this.predictions = new double[labels.size()][key.rows()];
        this.lineOfKeyRow = new int[key.rows()];
    }

    static Submission read(CsvReader reader, AnswerKey key) throws IOException, RefusedInputException {
        CsvHeader header = CsvHeader.read(reader);
        int[] columns = locate(header, key.idColumn(), key.labels());
        SubmissionReader reading = new SubmissionReader(key, columns);
        while (reader.next()) {
            reading.row(reader, header);
        }
        return reading.finish(header);
    }

    /**
     * As {@link #read(CsvReader, AnswerKey)}, started before the answer key is read: while it is
     * being read (on another thread), rows are parsed and kept, at most {@code earlyBytes} bytes
     * of them; then they are matched with the key and the rest is read as usual. Memory stays
     * bounded by the key plus {@code earlyBytes}.
     *
     * @return null if the answer key could not be read (its future tells why)
     */
    static Submission read(CsvReader reader, String idColumn, List<String> labels, Future<AnswerKey> pendingKey,
                           long earlyBytes) throws IOException, RefusedInputException {
        CsvHeader header = CsvHeader.read(reader);
        int[] columns = locate(header, idColumn, labels);
        Early early = new Early(idColumn, labels, columns);
        boolean more = true;
        while (!pendingKey.isDone() && early.bytes() < earlyBytes) {
            if (!reader.next()) {
                more = false;
                break;
            }
            early.row(reader, header);
        }
        AnswerKey key;
        try {
            key = pendingKey.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer key", e);
        }
        if (!key.labels().equals(labels) || !key.idColumn().equals(idColumn)) {
            throw new IllegalArgumentException("the submission was read for " + idColumn + " and labels " + labels
                    + ", the answer key has " + key.idColumn() + " and scores " + key.labels());
        }
        SubmissionReader reading = new SubmissionReader(key, columns);
        early.replayInto(reading);
        while (more && reader.next()) {
            reading.row(reader, header);
        }
        return reading.finish(header);
    }

    static int[] locate(CsvHeader header, String idColumn, List<String> labels)
            throws RefusedInputException {
        ProblemList headerProblems = new ProblemList();
        int[] columns = header.locate(idColumn, labels, headerProblems);
        headerProblems.throwIfAny();
        return columns;
    }

    private void row(CsvReader reader, CsvHeader header) {
        dataRows++;
        Problem misfit = header.misfit(reader);
        if (misfit != null) {
            problems.add(misfit);
            return;
        }
        int idStart = reader.trimmedStart(columns[0]);
        int idEnd = reader.trimmedEnd(columns[0]);
        if (idStart == idEnd) {
            problems.add(Problem.atCell(reader.line(), idColumn, "", "the id is empty"));
            return;
        }
        int keyRow = matchId(reader.buffer(), idStart, idEnd, reader.line());
        if (keyRow >= 0) {
            readPredictions(reader, columns, labels, predictions, keyRow, problems);
        }
    }

    /** The key row of a new id of the file, or -1 if the key lacks it (counted) or it was seen (a problem). */
    private int matchId(byte[] bytes, int start, int end, long line) {
        int keyRow = keyIds.find(bytes, start, end);
        if (keyRow < 0) {
            unmatched.add(bytes, start, end);
            return -1;
        }
        if (lineOfKeyRow[keyRow] != 0) {
            problems.add(Problem.atCell(line, idColumn, keyIds.id(keyRow),
                    "the id appears more than once (first on line " + lineOfKeyRow[keyRow] + ")"));
            return -1;
        }
        lineOfKeyRow[keyRow] = (int) Math.min(line, Integer.MAX_VALUE);
        return keyRow;
    }

    private Submission finish(CsvHeader header) throws RefusedInputException {
        return finish(key, header, columns, predictions, dataRows, problems, unmatched,
                keyRow -> lineOfKeyRow[keyRow] != 0);
    }

    /**
     * The end of a reading: the refusal of ids of the key not found (or of a file without
     * rows), of every problem found, or the submission with its warnings.
     *
     * @param found whether the key row's id was found in the file
     */
    static Submission finish(AnswerKey key, CsvHeader header, int[] columns, double[][] predictions, long dataRows,
                             ProblemList problems, UnmatchedIds unmatched, java.util.function.IntPredicate found)
            throws RefusedInputException {
        int keyRows = key.rows();
        IdIndex keyIds = key.ids();
        if (dataRows == 0) {
            problems.add(Problem.ofFile("the file has a header but no rows"));
        } else {
            int missing = 0;
            List<String> shown = new ArrayList<>();
            for (int keyRow = 0; keyRow < keyRows; keyRow++) {
                if (!found.test(keyRow)) {
                    missing++;
                    if (shown.size() < UnmatchedIds.IDS_SHOWN) {
                        shown.add(keyIds.id(keyRow));
                    }
                }
            }
            if (missing > 0) {
                problems.add(MissingIds.describe(missing, keyRows, shown, unmatched, keyIds));
            }
        }
        problems.throwIfAny();

        List<String> warnings = new ArrayList<>();
        String ignoredColumns = header.unusedColumnsWarning(columns, "");
        if (ignoredColumns != null) {
            warnings.add(ignoredColumns);
        }
        if (unmatched.count() > 0) {
            warnings.add(MissingIds.extraRowsWarning(key.idColumn(), unmatched));
        }
        return new Submission(key, predictions, warnings);
    }

    /**
     * Parses one row's probabilities into column {@code row} of {@code into} (or, with a
     * row-major block, see {@link Early}). A method of its own, called once a row, so that the
     * JIT compiles it early instead of waiting to compile the whole file's loop on stack
     * replacement.
     */
    static void readPredictions(CsvReader reader, int[] columns, List<String> labels,
                                        double[][] into, int row, ProblemList problems) {
        byte[] buffer = reader.buffer();
        for (int l = 0; l < columns.length - 1; l++) {
            int field = columns[l + 1];
            double value = DecimalParser.parse(buffer, reader.start(field), reader.end(field));
            // written so that NaN fails too: only values inside [0, 1] pass
            if (value >= 0 && value <= 1) {
                into[l][row] = value;
            } else {
                problems.add(valueProblem(reader, field, labels.get(l), value));
            }
        }
    }

    private static Problem valueProblem(CsvReader reader, int field, String label, double value) {
        String text = reader.text(field);
        String why = Double.isNaN(value) ? DecimalParser.whyNotANumber(text) : "outside [0, 1]";
        return Problem.atCell(reader.line(), label, text.strip(), "a prediction must be a probability in [0, 1]: " + why);
    }

    /**
     * Rows parsed before the answer key is known, in file order: each row's id bytes, line and
     * probabilities (row-major blocks), and the problems found, each tied to its row (kept only
     * if the key has the row's id) or to the file (misfit lines, empty ids).
     */
    private static final class Early {
        private final List<String> labels;
        private final int[] columns;
        private final String idColumn;
        private byte[] idPool = new byte[1 << 16];
        private int idPoolSize;
        private int[] idOffsets = new int[BLOCK_ROWS + 1];
        private int[] lines = new int[BLOCK_ROWS];
        private final List<double[]> blocks = new ArrayList<>();
        /** Entries that are a problem of the file, not a row, by entry index. */
        private final Map<Integer, Problem> fileProblems = new HashMap<>();
        private final Map<Integer, List<Problem>> rowProblems = new HashMap<>();
        private final Map<Integer, Integer> rowProblemsNotKept = new HashMap<>();
        private int problemsKept;
        private int entries;

        Early(String idColumn, List<String> labels, int[] columns) {
            this.idColumn = idColumn;
            this.labels = labels;
            this.columns = columns;
        }

        long bytes() {
            return (long) blocks.size() * BLOCK_ROWS * labels.size() * Double.BYTES + idPool.length
                    + 8L * lines.length + 200L * problemsKept;
        }

        void row(CsvReader reader, CsvHeader header) {
            Problem misfit = header.misfit(reader);
            if (misfit == null && reader.trimmedStart(columns[0]) == reader.trimmedEnd(columns[0])) {
                misfit = Problem.atCell(reader.line(), idColumn, "", "the id is empty");
            }
            int entry = entries++;
            grow(entry);
            lines[entry] = (int) Math.min(reader.line(), Integer.MAX_VALUE);
            if (misfit != null) {
                fileProblems.put(entry, misfit);
                idOffsets[entry + 1] = idPoolSize;
                return;
            }
            int idStart = reader.trimmedStart(columns[0]);
            int idEnd = reader.trimmedEnd(columns[0]);
            int length = idEnd - idStart;
            if (idPoolSize + length > idPool.length) {
                idPool = Arrays.copyOf(idPool, Math.max(idPool.length * 2, idPoolSize + length));
            }
            System.arraycopy(reader.buffer(), idStart, idPool, idPoolSize, length);
            idPoolSize += length;
            idOffsets[entry + 1] = idPoolSize;
            int labelCount = labels.size();
            if (entry % BLOCK_ROWS == 0) {
                blocks.add(new double[BLOCK_ROWS * labelCount]);
            }
            double[] block = blocks.get(entry / BLOCK_ROWS);
            int offset = (entry % BLOCK_ROWS) * labelCount;
            byte[] buffer = reader.buffer();
            for (int l = 0; l < labelCount; l++) {
                int field = columns[l + 1];
                double value = DecimalParser.parse(buffer, reader.start(field), reader.end(field));
                if (value >= 0 && value <= 1) {
                    block[offset + l] = value;
                } else if (problemsKept < EARLY_PROBLEMS_KEPT) {
                    problemsKept++;
                    rowProblems.computeIfAbsent(entry, e -> new ArrayList<>())
                            .add(valueProblem(reader, field, labels.get(l), value));
                } else {
                    rowProblemsNotKept.merge(entry, 1, Integer::sum);
                }
            }
        }

        private void grow(int entry) {
            if (entry == lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
                idOffsets = Arrays.copyOf(idOffsets, lines.length + 1);
            }
        }

        /** Matches every early row with the key, in file order, as if it were read now. */
        void replayInto(SubmissionReader reading) {
            int labelCount = labels.size();
            for (int entry = 0; entry < entries; entry++) {
                reading.dataRows++;
                Problem fileProblem = fileProblems.get(entry);
                if (fileProblem != null) {
                    reading.problems.add(fileProblem);
                    continue;
                }
                int keyRow = reading.matchId(idPool, idOffsets[entry], idOffsets[entry + 1], lines[entry]);
                if (keyRow < 0) {
                    continue;
                }
                double[] block = blocks.get(entry / BLOCK_ROWS);
                int offset = (entry % BLOCK_ROWS) * labelCount;
                for (int l = 0; l < labelCount; l++) {
                    reading.predictions[l][keyRow] = block[offset + l];
                }
                for (Problem problem : rowProblems.getOrDefault(entry, List.of())) {
                    reading.problems.add(problem);
                }
                reading.problems.countMore(rowProblemsNotKept.getOrDefault(entry, 0));
            }
        }
    }
}
