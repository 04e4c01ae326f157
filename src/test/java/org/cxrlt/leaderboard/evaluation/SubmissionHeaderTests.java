package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.LABELS;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.gzip;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.stream;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.utf8;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.zip;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionHeaderTests {

    /** A good header followed by rows that the full check would refuse. */
    private static final String GOOD_HEADER_BAD_ROWS = """
            subject_id,dicom_id,"Round(ed) Atelectasis",Edema
            1,a,NaN,2
            2,a,x
            "unclosed
            """;

    private static RefusedInputException refusal(byte[] file, List<String> labels) {
        RefusedInputException refusal = catchThrowableOfType(RefusedInputException.class,
                () -> SubmissionHeader.check(stream(file), "dicom_id", labels, ReadLimits.DEFAULT));
        assertThat(refusal).as("expected the header to be refused").isNotNull();
        return refusal;
    }

    @Test
    void passesAGoodHeaderWithoutCheckingTheRows() {
        assertThatCode(() -> SubmissionHeader.check(stream(GOOD_HEADER_BAD_ROWS), "dicom_id", LABELS, ReadLimits.DEFAULT))
                .doesNotThrowAnyException();
        assertThatCode(() -> SubmissionHeader.check(stream("\uFEFFdicom_id,Edema,Round(ed) Atelectasis\r\n"), "dicom_id",
                LABELS, ReadLimits.DEFAULT)).doesNotThrowAnyException();
    }

    @Test
    void passesAGoodHeaderInsideAGzipOrAZip() {
        assertThatCode(() -> SubmissionHeader.check(stream(gzip(GOOD_HEADER_BAD_ROWS)), "dicom_id", LABELS, ReadLimits.DEFAULT))
                .doesNotThrowAnyException();
        byte[] zip = zip("code/train.py", "pass\n", "out/submission.csv", GOOD_HEADER_BAD_ROWS);
        assertThatCode(() -> SubmissionHeader.check(stream(zip), "dicom_id", LABELS, ReadLimits.DEFAULT))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAHeaderMissingALabelNamingIt() {
        RefusedInputException refusal = refusal(utf8("dicom_id,Edema\na,0.5\n"), LABELS);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "label column \"Round(ed) Atelectasis\" is missing from the header"));
    }

    @Test
    void refusesAHeaderMissingTheId() {
        RefusedInputException refusal = refusal(utf8("DICOM_ID,Edema,Round(ed) Atelectasis\n"), LABELS);
        assertThat(refusal.problems()).containsExactly(Problem.atLine(1,
                "the id column \"dicom_id\" is missing from the header"
                        + " (found \"DICOM_ID\": names must match exactly, including case)"));
    }

    @Test
    void refusesARepeatedColumn() {
        RefusedInputException refusal = refusal(utf8("dicom_id,Edema,Round(ed) Atelectasis,Edema\n"), LABELS);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "column \"Edema\" appears more than once in the header"));
    }

    @Test
    void refusesABadHeaderInsideAGzipOrAZip() {
        byte[] bad = utf8("dicom_id,Round(ed) Atelectasis\na,0.5\n");
        Problem missing = Problem.atLine(1, "label column \"Edema\" is missing from the header");
        assertThat(refusal(gzip(bad), LABELS).problems()).containsExactly(missing);
        assertThat(refusal(zip(new String[] {"s.csv"}, new byte[][] {bad}), LABELS).problems())
                .containsExactly(missing);
    }

    @Test
    void refusesWhatCannotBeRead() {
        assertThat(refusal(new byte[0], LABELS).problems()).containsExactly(Problem.ofFile("the file is empty"));
        assertThat(refusal(zip("a.csv", GOOD_HEADER_BAD_ROWS, "b.csv", GOOD_HEADER_BAD_ROWS), LABELS).problems()).containsExactly(
                Problem.ofFile("the zip holds more than one .csv file: \"a.csv\" and \"b.csv\"; keep exactly one"));
        assertThat(refusal(utf8("dicom_id,\"Edema\"x\n"), LABELS).problems()).containsExactly(
                Problem.atLine(1, "the header line is malformed: text after the closing quote of a quoted field"));
    }

    @Test
    void refusesAZipBombEvenThoughOnlyTheHeaderIsChecked() {
        String csv = "dicom_id,Edema,Round(ed) Atelectasis\n" + "a,0.5,0.5\n".repeat(200);
        byte[] file = zip("s.csv", csv);
        RefusedInputException refusal = catchThrowableOfType(RefusedInputException.class,
                () -> SubmissionHeader.check(stream(file), "dicom_id", LABELS, new ReadLimits(1000)));
        assertThat(refusal).isNotNull();
        assertThat(refusal.problems()).containsExactly(Problem.ofFile(
                "the zip file expands to more than 1000 bytes, the limit; refused as a possible decompression bomb"));
    }

    @Test
    void refusesBlankLinesBeforeTheHeaderPastTheRecordLimitWithoutDecompressingTheRest() throws Exception {
        // 256 MiB of line ends, gzipped to about 256 KiB: refused after the first 1000 and the buffers'
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(packed) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            byte[] blanks = new byte[1 << 20];
            java.util.Arrays.fill(blanks, (byte) '\n');
            for (int i = 0; i < 256; i++) {
                gzip.write(blanks);
            }
            gzip.write("dicom_id,Edema,Round(ed) Atelectasis\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        long[] read = {0};
        java.io.InputStream counted = new java.io.FilterInputStream(stream(packed.toByteArray())) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                read[0] += Math.max(0, n);
                return n;
            }
        };
        RefusedInputException refusal = catchThrowableOfType(RefusedInputException.class,
                () -> SubmissionHeader.check(counted, "dicom_id", LABELS, ReadLimits.DEFAULT.withMaxRecordBytes(1000)));
        assertThat(refusal).isNotNull();
        assertThat(refusal.problems()).containsExactly(Problem.ofFile("no header line within the first 1000 lines:"
                + " the file starts with more than 1000 blank lines (the limit, that of one record); the header"
                + " (the id column and the labels) must be the first line"));
        assertThat(read[0]).as("compressed bytes read of " + packed.size()).isLessThan(packed.size() / 2);
        // the same lines within the limit are skipped, as pandas skips them
        assertThatCode(() -> SubmissionHeader.check(stream(utf8("\n".repeat(999) + "dicom_id,Edema,Round(ed) Atelectasis\n")), "dicom_id",
                LABELS, ReadLimits.DEFAULT.withMaxRecordBytes(1000))).doesNotThrowAnyException();
    }
}
