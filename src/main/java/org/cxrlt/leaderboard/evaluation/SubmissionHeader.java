package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** The quick check made before an upload is accepted: readable, and a header with every column. */
public final class SubmissionHeader {

    private SubmissionHeader() {
    }

    /**
     * Decompresses as needed and reads only the header line; refuses a file that cannot be read
     * or whose header lacks the id column ({@code idColumn}, the challenge definition's) or one of
     * the labels, or repeats a column. Rows are not checked: the full check happens when the
     * submission is scored.
     */
    public static void check(InputStream in, String idColumn, List<String> labels, ReadLimits limits)
            throws IOException, RefusedInputException {
        UploadedFile.readCsv(in, limits, csv -> checkHeader(csv, idColumn, labels, limits));
    }

    /** {@link #check(InputStream, String, List, ReadLimits)} on a file. */
    public static void check(Path file, String idColumn, List<String> labels, ReadLimits limits)
            throws IOException, RefusedInputException {
        UploadedFile.readCsv(file, limits, csv -> checkHeader(csv, idColumn, labels, limits));
    }

    private static CsvHeader checkHeader(InputStream csv, String idColumn, List<String> labels, ReadLimits limits)
            throws IOException, RefusedInputException {
        CsvHeader header = CsvHeader.read(new CsvReader(csv, limits.maxRecordBytes()));
        ProblemList problems = new ProblemList();
        header.locate(idColumn, labels, problems);
        problems.throwIfAny();
        return header;
    }
}
