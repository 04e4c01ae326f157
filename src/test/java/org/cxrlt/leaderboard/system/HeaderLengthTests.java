package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The bound on an upload's first record, on every kind of file, read without holding it. */
class HeaderLengthTests {

    private static final DataSize LIMIT = DataSize.ofBytes(100);
    private static final String REFUSAL = "The file was refused: the header (the first line) is longer than 100 bytes "
            + "without ending; a header of dicom_id and the labels is a few hundred bytes.";

    @Test
    void aHeaderWithinTheLimitPassesWhateverFollowsIt() {
        String csv = "dicom_id,A,B\n" + "x".repeat(10_000) + "\n";
        assertThatCode(() -> check(csv.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
        assertThatCode(() -> check(gzip(csv))).doesNotThrowAnyException();
        assertThatCode(() -> check(zip("code/predictions.csv", csv))).doesNotThrowAnyException();
    }

    @Test
    void aLongHeaderIsRefusedInPlainGzipAndZipFiles() {
        String csv = "dicom_id," + "A".repeat(200) + "\n1,0.5\n";
        assertThatThrownBy(() -> check(csv.getBytes(StandardCharsets.UTF_8))).hasMessage(REFUSAL);
        assertThatThrownBy(() -> check(gzip(csv))).hasMessage(REFUSAL);
        assertThatThrownBy(() -> check(zip("predictions.csv", csv))).hasMessage(REFUSAL);
    }

    @Test
    void blankLinesBeforeTheHeaderDoNotCountAndAQuotedLineEndDoesNotEndIt() {
        assertThatCode(() -> check(("\n\r\n" + "\n".repeat(90) + "dicom_id,A\n").getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
        String quoted = "dicom_id,\"A\n" + "B".repeat(200) + "\"\n";
        assertThatThrownBy(() -> check(quoted.getBytes(StandardCharsets.UTF_8))).hasMessage(REFUSAL);
    }

    @Test
    void theHeaderMustBeginWithinTheLimitSoThatBlankLinesCannotKeepItDecompressing() throws Exception {
        String blanks = "\n".repeat(5_000) + "dicom_id,A\n";
        String refusal = "The file was refused: no header line within the first 100 bytes: the file starts with more"
                + " than 100 blank lines; the header (dicom_id and the labels) must be the first line.";
        assertThatThrownBy(() -> check(blanks.getBytes(StandardCharsets.UTF_8))).hasMessage(refusal);
        assertThatThrownBy(() -> check(gzip(blanks))).hasMessage(refusal);
        assertThatThrownBy(() -> check(zip("predictions.csv", blanks))).hasMessage(refusal);
    }

    @Test
    void aFileItCannotOpenIsLeftToTheCore() {
        byte[] brokenGzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0};
        assertThatCode(() -> check(brokenGzip)).doesNotThrowAnyException();
        assertThatCode(() -> check(zip("notes.txt", "x".repeat(1000)))).doesNotThrowAnyException();
    }

    private static void check(byte[] file) throws Exception {
        HeaderLength.check(new ByteArrayInputStream(file), LIMIT);
    }

    private static byte[] gzip(String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] zip(String name, String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("__MACOSX/._" + name));
            zip.write(new byte[] {0, 1, 2});
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
