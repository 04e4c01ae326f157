package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.stream;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.trickling;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.utf8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTests {

    private static final int INITIAL_BUFFER = 1 << 20;

    /** One record as the reader exposes it. */
    record Rec(long line, List<String> fields, String malformation) {
        static Rec of(long line, String... fields) {
            return new Rec(line, List.of(fields), null);
        }
    }

    private static List<Rec> records(InputStream in) throws IOException {
        return records(in, ReadLimits.DEFAULT_MAX_RECORD_BYTES);
    }

    private static List<Rec> records(InputStream in, int maxRecordBytes) throws IOException {
        CsvReader reader = new CsvReader(in, maxRecordBytes);
        List<Rec> records = new ArrayList<>();
        while (reader.next()) {
            List<String> fields = new ArrayList<>(reader.fieldCount());
            for (int i = 0; i < reader.fieldCount(); i++) {
                fields.add(reader.text(i));
            }
            records.add(new Rec(reader.line(), fields, reader.malformation()));
        }
        return records;
    }

    private static List<Rec> records(String text) throws IOException {
        return records(stream(text));
    }

    @Test
    void readsLfSeparatedRecords() throws IOException {
        assertThat(records("dicom_id,Edema\na,0.5\nb,1\n"))
                .containsExactly(Rec.of(1, "dicom_id", "Edema"), Rec.of(2, "a", "0.5"), Rec.of(3, "b", "1"));
    }

    @Test
    void readsCrlfSeparatedRecordsWithoutCarriageReturnsInFields() throws IOException {
        assertThat(records("dicom_id,Edema\r\na,0.5\r\nb,1\r\n"))
                .containsExactly(Rec.of(1, "dicom_id", "Edema"), Rec.of(2, "a", "0.5"), Rec.of(3, "b", "1"));
    }

    @Test
    void readsLoneCarriageReturnSeparatedRecords() throws IOException {
        assertThat(records("dicom_id,Edema\ra,0.5\rb,1\r"))
                .containsExactly(Rec.of(1, "dicom_id", "Edema"), Rec.of(2, "a", "0.5"), Rec.of(3, "b", "1"));
    }

    @Test
    void readsTheLastRecordWithoutAFinalNewline() throws IOException {
        assertThat(records("dicom_id,Edema\na,0.5\nb,1"))
                .containsExactly(Rec.of(1, "dicom_id", "Edema"), Rec.of(2, "a", "0.5"), Rec.of(3, "b", "1"));
        assertThat(records("dicom_id,Edema\r\nb,\"1\""))
                .containsExactly(Rec.of(1, "dicom_id", "Edema"), Rec.of(2, "b", "1"));
    }

    @Test
    void stripsAUtf8ByteOrderMark() throws IOException {
        assertThat(records("\uFEFFdicom_id,Edema\na,1\n"))
                .containsExactly(Rec.of(1, "dicom_id", "Edema"), Rec.of(2, "a", "1"));
        assertThat(records("\uFEFF\"dicom_id\",Edema\n"))
                .containsExactly(Rec.of(1, "dicom_id", "Edema"));
    }

    @Test
    void seesNothingInAFileHoldingOnlyAByteOrderMarkOrBlankLines() throws IOException {
        assertThat(records("\uFEFF")).isEmpty();
        assertThat(records("")).isEmpty();
        assertThat(records("\n\r\n\r")).isEmpty();
    }

    @Test
    void skipsBlankLinesButCountsThemInLineNumbers() throws IOException {
        assertThat(records("\nh1,h2\n\n\na,1\r\n\r\nb,2\r\rc,3\n\n"))
                .containsExactly(Rec.of(2, "h1", "h2"), Rec.of(5, "a", "1"), Rec.of(7, "b", "2"),
                        Rec.of(9, "c", "3"));
    }

    @Test
    void keepsCommasInsideQuotedFields() throws IOException {
        assertThat(records("\"a,b\",c,\"d,,e\"\n"))
                .containsExactly(Rec.of(1, "a,b", "c", "d,,e"));
    }

    @Test
    void undoesDoubledQuotesInsideQuotedFields() throws IOException {
        assertThat(records("\"say \"\"hi\"\"\",\"\"\"\"\"\",x\n"))
                .containsExactly(Rec.of(1, "say \"hi\"", "\"\"", "x"));
    }

    @Test
    void readsAQuotedHeaderLikePandasWritesIt() throws IOException {
        assertThat(records("\"dicom_id\",\"Edema\",\"Round(ed) Atelectasis\"\n"))
                .containsExactly(Rec.of(1, "dicom_id", "Edema", "Round(ed) Atelectasis"));
    }

    @Test
    void keepsNewlinesInsideQuotedFieldsAndCountsLinesAfterThem() throws IOException {
        String csv = "id,note\n1,\"line one\nline two\r\nline three\"\n2,x\n\n3,\"a\nb\",y\n4,z";
        assertThat(records(csv)).containsExactly(
                Rec.of(1, "id", "note"),
                Rec.of(2, "1", "line one\nline two\r\nline three"),
                Rec.of(5, "2", "x"),
                Rec.of(7, "3", "a\nb", "y"),
                Rec.of(9, "4", "z"));
    }

    @Test
    void countsLoneCarriageReturnsInsideQuotedFieldsAsLineBreaksInACarriageReturnFile() throws IOException {
        // a file written with classic Mac line ends: every CR is a physical line break
        assertThat(records("id,note\r1,\"x\ry\"\r2,z\r")).containsExactly(
                Rec.of(1, "id", "note"),
                Rec.of(2, "1", "x\ry"),
                Rec.of(4, "2", "z"));
    }

    @Test
    void readsEmptyFieldsAndATrailingComma() throws IOException {
        assertThat(records("a,,b,\n,\n\"\",x\ny,\"\"")).containsExactly(
                Rec.of(1, "a", "", "b", ""),
                Rec.of(2, "", ""),
                Rec.of(3, "", "x"),
                Rec.of(4, "y", ""));
    }

    @Test
    void exposesFieldsAsByteRangesWithTrimmedBounds() throws IOException {
        CsvReader reader = new CsvReader(stream(" \tab c\t ,\"  q  \",\n"));
        assertThat(reader.next()).isTrue();
        assertThat(reader.fieldCount()).isEqualTo(3);
        byte[] buffer = reader.buffer();
        assertThat(new String(buffer, reader.start(0), reader.end(0) - reader.start(0))).isEqualTo(" \tab c\t ");
        assertThat(new String(buffer, reader.trimmedStart(0), reader.trimmedEnd(0) - reader.trimmedStart(0)))
                .isEqualTo("ab c");
        // quoted: the range is inside the quotes
        assertThat(new String(buffer, reader.start(1), reader.end(1) - reader.start(1))).isEqualTo("  q  ");
        assertThat(new String(buffer, reader.trimmedStart(1), reader.trimmedEnd(1) - reader.trimmedStart(1)))
                .isEqualTo("q");
        assertThat(reader.trimmedStart(2)).isEqualTo(reader.trimmedEnd(2));
        assertThat(reader.next()).isFalse();
    }

    @Test
    void growsTheBufferForARecordLongerThanIt() throws IOException {
        String unquoted = "u".repeat(3 * INITIAL_BUFFER + 17);
        String quoted = "q\n".repeat(INITIAL_BUFFER) + "\"\"end";
        String csv = "h1,h2,h3\n" + unquoted + ",\"" + quoted.replace("\"", "\"\"") + "\",x\nlast,1,2\n";
        List<Rec> records = records(stream(csv), 16 * INITIAL_BUFFER);
        assertThat(records).hasSize(3);
        assertThat(records.get(0)).isEqualTo(Rec.of(1, "h1", "h2", "h3"));
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(1).malformation()).isNull();
        assertThat(records.get(1).fields()).hasSize(3);
        assertThat(records.get(1).fields().get(0)).isEqualTo(unquoted);
        assertThat(records.get(1).fields().get(1)).isEqualTo(quoted);
        assertThat(records.get(1).fields().get(2)).isEqualTo("x");
        // the quoted field spans INITIAL_BUFFER + 1 physical lines
        assertThat(records.get(2)).isEqualTo(Rec.of(2 + INITIAL_BUFFER + 1, "last", "1", "2"));
    }

    @Test
    void readsRecordsThatSpanABufferRefillAtEveryPosition() throws IOException {
        // Every kind of syntax the reader knows, so that a refill falls inside each of them:
        // doubled quotes, commas and line breaks inside quotes, CRLF and lone CR, blank lines,
        // empty and trailing fields, a BOM-free quoted id, malformed fields.
        String tricky = "\"a \"\"q\"\", b\",0.5,\r\n"
                + "\"multi\r\nline\",\"\",x\r\r\n"
                + "\n"
                + "plain,,\"\"\"\"\r"
                + "bad\"quote,1,2\n"
                + "\"closed\"junk,3,4\n"
                + "last,1e-3,\"end\"";
        List<Rec> expected = records(tricky);
        assertThat(expected).hasSize(6);
        byte[] trickyBytes = utf8(tricky);
        for (int offset = 0; offset <= trickyBytes.length; offset++) {
            // a first record that pushes the tricky part so that the first refill, at
            // INITIAL_BUFFER, falls at `offset` bytes into it
            int padding = INITIAL_BUFFER - offset - 1;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(INITIAL_BUFFER + trickyBytes.length);
            byte[] pad = new byte[padding];
            Arrays.fill(pad, (byte) 'p');
            bytes.write(pad);
            bytes.write('\n');
            bytes.write(trickyBytes);
            List<Rec> actual = records(new ByteArrayInputStream(bytes.toByteArray()));
            assertThat(actual).as("refill at offset %d", offset).hasSize(expected.size() + 1);
            assertThat(actual.get(0).fields()).as("refill at offset %d", offset).hasSize(1);
            for (int i = 0; i < expected.size(); i++) {
                Rec e = expected.get(i);
                assertThat(actual.get(i + 1)).as("refill at offset %d, record %d", offset, i)
                        .isEqualTo(new Rec(e.line() + 1, e.fields(), e.malformation()));
            }
        }
    }

    @Test
    void readsTheSameFromAStreamHandingOutAFewBytesPerRead() throws IOException {
        SyntheticData data = CxrLt2024.synthetic(CxrLt2024.TASK1_LABELS, 8000, 11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(utf8("\uFEFF"));
        data.writeSubmission(out, 0.5, 12);
        // CRLF line ends and a quoted multi-line field at the end, past several refills
        byte[] csv = utf8(out.toString(java.nio.charset.StandardCharsets.UTF_8).replace("\n", "\r\n")
                + "\"x\r\ny\",\"\"\"\"\r\n");
        assertThat(csv.length).isGreaterThan(3 * INITIAL_BUFFER);

        List<Rec> whole = records(new ByteArrayInputStream(csv));
        List<Rec> trickled = records(trickling(csv, 5));

        assertThat(whole).hasSize(8002);
        assertThat(whole.get(0).fields()).first().isEqualTo("dicom_id");
        assertThat(whole.get(8001)).isEqualTo(Rec.of(8002, "x\r\ny", "\""));
        assertThat(trickled).isEqualTo(whole);
    }

    @Test
    void flagsAQuoteInsideAnUnquotedFieldAndStillSplitsTheRecord() throws IOException {
        assertThat(records("a\"b,c\nd,e\n")).containsExactly(
                new Rec(1, List.of("a\"b", "c"), "a quote inside an unquoted field"),
                Rec.of(2, "d", "e"));
    }

    @Test
    void flagsTextAfterAClosingQuoteAndStillSplitsTheRecord() throws IOException {
        List<Rec> records = records("\"a\"b,c\nd,e\n");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).line()).isEqualTo(1);
        assertThat(records.get(0).malformation()).isEqualTo("text after the closing quote of a quoted field");
        assertThat(records.get(0).fields()).hasSize(2).last().isEqualTo("c");
        assertThat(records.get(1)).isEqualTo(Rec.of(2, "d", "e"));
    }

    @Test
    void flagsAQuoteLeftOpenAtTheEndOfTheFile() throws IOException {
        assertThat(records("h\n\"abc,def\nghi")).containsExactly(
                Rec.of(1, "h"),
                new Rec(2, List.of("abc,def\nghi"), "a quoted field is not closed before the end of the file"));
    }

    /**
     * Records without quotes whose separators fall at every position of the eight-byte words
     * the reader looks at, among every other byte below ',' (blanks, '!', '+', control bytes)
     * and bytes of multi-byte UTF-8: split as splitting the text on line ends and commas splits it.
     */
    @Test
    void splitsRecordsOfAnyBytesButQuotesAsSplittingOnCommasAndLineEnds() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(44);
        String[] pieces = {"a", "0.5", "x", "12345678", " ", "\t", "!", "+", "-", "#", "\u0001", "\u007f", "\u00e9",
                "\u4e2d", "\ud83d\ude00", ",", ",", ",", ".", "e"};
        String[] lineEnds = {"\n", "\r\n", "\r"};
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            List<Rec> expected = new ArrayList<>();
            long line = 1;
            int lines = random.nextInt(1, 30);
            for (int l = 0; l < lines; l++) {
                StringBuilder record = new StringBuilder();
                int length = random.nextInt(0, 40);
                for (int i = 0; i < length; i++) {
                    record.append(pieces[random.nextInt(pieces.length)]);
                }
                text.append(record);
                if (!record.isEmpty()) {
                    expected.add(Rec.of(line, record.toString().split(",", -1)));
                }
                if (l < lines - 1 || random.nextBoolean()) {
                    String end = lineEnds[random.nextInt(lineEnds.length)];
                    // CR then LF would be one line end (CRLF), not two
                    boolean afterCr = !text.isEmpty() && text.charAt(text.length() - 1) == '\r';
                    text.append(afterCr && end.equals("\n") ? "\r" : end);
                    line++;
                }
            }
            assertThat(records(text.toString())).as("%s", text).isEqualTo(expected);
        }
    }
}
