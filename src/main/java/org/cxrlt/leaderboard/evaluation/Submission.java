package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A submission fully checked against one answer key: for each of the key's labels, one
 * probability per answer-key row, in the key's row order (the order in which a left join of
 * the key with the submission would list them).
 */
public final class Submission {

    private static final int IDS_SHOWN = 5;

    private final AnswerKey key;
    private final double[][] predictions;
    private final List<String> warnings;

    private Submission(AnswerKey key, double[][] predictions, List<String> warnings) {
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
     * @throws RefusedInputException listing every problem found; nothing is scored
     * @throws IOException           if the stream itself fails
     */
    public static Submission read(InputStream in, AnswerKey key, ReadLimits limits)
            throws IOException, RefusedInputException {
        return UploadedFile.readCsv(in, limits, csv -> parse(new CsvReader(csv), key));
    }

    private static Submission parse(CsvReader reader, AnswerKey key) throws IOException, RefusedInputException {
        CsvHeader header = CsvHeader.read(reader);
        ProblemList problems = new ProblemList();
        List<String> labels = key.labels();
        int[] columns = header.locate(CxrLt2024.ID_COLUMN, labels, problems);
        problems.throwIfAny();

        int labelCount = labels.size();
        int rows = key.rows();
        IdIndex ids = key.ids();
        double[][] predictions = new double[labelCount][rows];
        int[] lineOfRow = new int[rows];
        int extraRows = 0;
        List<String> extraIds = new ArrayList<>();
        int dataRows = 0;
        while (reader.next()) {
            dataRows++;
            if (!header.fits(reader, problems)) {
                continue;
            }
            byte[] buffer = reader.buffer();
            int idStart = reader.trimmedStart(columns[0]);
            int idEnd = reader.trimmedEnd(columns[0]);
            if (idStart == idEnd) {
                problems.add(Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, "", "the id is empty"));
                continue;
            }
            int row = ids.find(buffer, idStart, idEnd);
            if (row < 0) {
                extraRows++;
                if (extraIds.size() < IDS_SHOWN) {
                    extraIds.add(reader.text(columns[0]).strip());
                }
                continue;
            }
            if (lineOfRow[row] != 0) {
                problems.add(Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, ids.id(row),
                        "the id appears more than once (first on line " + lineOfRow[row] + ")"));
                continue;
            }
            lineOfRow[row] = (int) Math.min(reader.line(), Integer.MAX_VALUE);
            readPredictions(reader, columns, labels, predictions, row, problems);
        }
        if (dataRows == 0) {
            problems.add(Problem.ofFile("the file has a header but no rows"));
        } else {
            reportMissingIds(lineOfRow, ids, problems);
        }
        problems.throwIfAny();

        List<String> warnings = new ArrayList<>();
        List<String> ignoredColumns = header.unusedColumns(columns);
        if (!ignoredColumns.isEmpty()) {
            warnings.add("ignored " + ignoredColumns.size() + " column" + (ignoredColumns.size() == 1 ? "" : "s")
                    + " that are not scored: " + String.join(", ", ignoredColumns));
        }
        if (extraRows > 0) {
            warnings.add("ignored " + extraRows + " row" + (extraRows == 1 ? "" : "s")
                    + " whose " + CxrLt2024.ID_COLUMN + " is not in the answer key, e.g. " + String.join(", ", extraIds));
        }
        return new Submission(key, predictions, warnings);
    }

    /**
     * Parses one row's probabilities into column {@code row} of {@code predictions}. A method of
     * its own, called once a row, so the JIT compiles it early instead of waiting for the
     * whole file's loop to be compiled on stack replacement.
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

    private static void reportMissingIds(int[] lineOfRow, IdIndex ids, ProblemList problems) {
        int missing = 0;
        List<String> shown = new ArrayList<>();
        for (int row = 0; row < lineOfRow.length; row++) {
            if (lineOfRow[row] == 0) {
                missing++;
                if (shown.size() < IDS_SHOWN) {
                    shown.add(ids.id(row));
                }
            }
        }
        if (missing > 0) {
            problems.add(Problem.ofFile(missing + " of the answer key's " + lineOfRow.length + " ids "
                    + (missing == 1 ? "is" : "are") + " missing from the submission, e.g. " + String.join(", ", shown)
                    + (missing > shown.size() ? ", ..." : "")));
        }
    }

    /** Harmless oddities: extra rows and extra columns, which are ignored. */
    public List<String> warnings() {
        return warnings;
    }

    AnswerKey key() {
        return key;
    }

    /** Probabilities of one label in answer-key row order; shared, not to be modified. */
    double[] predictions(int label) {
        return predictions[label];
    }
}
