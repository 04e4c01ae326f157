package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a submission straight into the answer key's row order, so that what is kept is bounded
 * by the answer key (one probability per key row and label, and the line of each key row),
 * whatever the upload holds: a row whose id the key lacks is counted and skipped, its values
 * unread (rows of other images are ignored, whatever they hold), and a record longer than the
 * reader's limit is refused. Problems are kept up to {@value RefusedInputException#MAX_PROBLEMS_LISTED}
 * and counted.
 */
final class SubmissionReader {

    private SubmissionReader() {
    }

    static Submission read(CsvReader reader, AnswerKey key) throws IOException, RefusedInputException {
        List<String> labels = key.labels();
        CsvHeader header = CsvHeader.read(reader);
        ProblemList headerProblems = new ProblemList();
        int[] columns = header.locate(CxrLt2024.ID_COLUMN, labels, headerProblems);
        headerProblems.throwIfAny();

        IdIndex keyIds = key.ids();
        int keyRows = key.rows();
        double[][] predictions = new double[labels.size()][keyRows];
        // the line of each answer-key row in the file; 0 while not found (data lines start at 2)
        int[] lineOfKeyRow = new int[keyRows];
        ProblemList problems = new ProblemList();
        UnmatchedIds unmatched = new UnmatchedIds();
        long dataRows = 0;
        while (reader.next()) {
            dataRows++;
            Problem misfit = header.misfit(reader);
            if (misfit != null) {
                problems.add(misfit);
                continue;
            }
            int idStart = reader.trimmedStart(columns[0]);
            int idEnd = reader.trimmedEnd(columns[0]);
            if (idStart == idEnd) {
                problems.add(Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, "", "the id is empty"));
                continue;
            }
            int keyRow = keyIds.find(reader.buffer(), idStart, idEnd);
            if (keyRow < 0) {
                unmatched.add(reader.buffer(), idStart, idEnd);
                continue;
            }
            if (lineOfKeyRow[keyRow] != 0) {
                problems.add(Problem.atCell(reader.line(), CxrLt2024.ID_COLUMN, keyIds.id(keyRow),
                        "the id appears more than once (first on line " + lineOfKeyRow[keyRow] + ")"));
                continue;
            }
            lineOfKeyRow[keyRow] = (int) Math.min(reader.line(), Integer.MAX_VALUE);
            readPredictions(reader, columns, labels, predictions, keyRow, problems);
        }
        if (dataRows == 0) {
            problems.add(Problem.ofFile("the file has a header but no rows"));
        } else {
            int missing = 0;
            List<String> shown = new ArrayList<>();
            for (int keyRow = 0; keyRow < keyRows; keyRow++) {
                if (lineOfKeyRow[keyRow] == 0) {
                    missing++;
                    if (shown.size() < SubmissionFile.IDS_SHOWN) {
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
            warnings.add(MissingIds.extraRowsWarning(unmatched));
        }
        return new Submission(key, predictions, warnings);
    }

    /**
     * Parses one row's probabilities into column {@code keyRow} of {@code predictions}. A method
     * of its own, called once a row, so that the JIT compiles it early instead of waiting to
     * compile the whole file's loop on stack replacement.
     */
    private static void readPredictions(CsvReader reader, int[] columns, List<String> labels,
                                        double[][] predictions, int keyRow, ProblemList problems) {
        byte[] buffer = reader.buffer();
        for (int l = 0; l < columns.length - 1; l++) {
            int field = columns[l + 1];
            double value = DecimalParser.parse(buffer, reader.start(field), reader.end(field));
            // written so that NaN fails too: only values inside [0, 1] pass
            if (value >= 0 && value <= 1) {
                predictions[l][keyRow] = value;
            } else {
                String text = reader.text(field);
                String why = Double.isNaN(value) ? DecimalParser.whyNotANumber(text) : "outside [0, 1]";
                problems.add(Problem.atCell(reader.line(), labels.get(l), text.strip(),
                        "a prediction must be a probability in [0, 1]: " + why));
            }
        }
    }
}
