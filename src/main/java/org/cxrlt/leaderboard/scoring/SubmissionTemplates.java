package org.cxrlt.leaderboard.scoring;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.springframework.stereotype.Service;

/**
 * The file a team fills in: the header (the id column, then the labels in column order) and one
 * row per id of the answer key, in its order, every value empty. Never a label value.
 */
@Service
public class SubmissionTemplates {

    private final AnswerKeyCache keys;

    SubmissionTemplates(AnswerKeyCache keys) {
        this.keys = keys;
    }

    /**
     * Writes the template of an answer key as RFC 4180 CSV (Commons CSV). Cells are written as
     * they are, without {@code CsvExport}'s apostrophe against spreadsheet formulas: an id must
     * stay the answer key's id, byte for byte, for the filled-in file to match it.
     *
     * @param labels the phase's labels in official column order
     */
    public void write(long answerKeyId, List<String> labels, Appendable out) throws IOException {
        AnswerKey key;
        try {
            key = keys.get(answerKeyId);
        } catch (RefusedInputException e) {
            throw new IllegalStateException("a stored answer key was checked when it was uploaded", e);
        }
        List<String> header = new ArrayList<>(labels.size() + 1);
        // the challenge definition's id column, which the answer key was read with
        header.add(key.idColumn());
        header.addAll(labels);
        String[] row = new String[labels.size() + 1];
        java.util.Arrays.fill(row, "");
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            printer.printRecord(header);
            for (int i = 0; i < key.rows(); i++) {
                row[0] = key.id(i);
                printer.printRecord((Object[]) row);
            }
        }
    }
}
