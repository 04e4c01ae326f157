package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.KEY_CSV;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.LABELS;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.SUBMISSION_CSV;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.gzip;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.key;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.keyRefusal;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.submission;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.submissionRefusal;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.utf8;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.zip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files as participants' tools write them, and hostile ones: each case with its expected
 * outcome. Scores of the files scikit-learn reads are pinned by the golden fixtures
 * ({@code unnamed_columns_excel}, {@code zip_stored_data_descriptor}, ...); here they are
 * compared with the plain CSV's, and refusals are asserted word for word.
 */
class FilesAsToolsWriteThemTests {

    @TempDir
    Path temp;

    private static Scores plainScores() throws Exception {
        AnswerKey key = key(KEY_CSV);
        return Evaluator.score(key, submission(SUBMISSION_CSV, key));
    }

    private static Scores scores(String csv) throws Exception {
        AnswerKey key = key(KEY_CSV);
        return Evaluator.score(key, submission(csv, key));
    }

    private static void assertSameNumbers(Scores actual, Scores expected) {
        assertThat(actual.labels()).isEqualTo(expected.labels());
        assertThat(List.of(actual.mAP(), actual.mAUROC(), actual.mF1(), actual.mECE()))
                .isEqualTo(List.of(expected.mAP(), expected.mAUROC(), expected.mF1(), expected.mECE()));
    }

    private static String onlyMessage(RefusedInputException refusal) {
        assertThat(refusal.problems()).hasSize(1);
        return refusal.problems().get(0).message();
    }

    // ---------------------------------------------------------------- unscored columns

    @Test
    void readsAnExcelExportWithTwoTrailingCommasOnEveryLine() throws Exception {
        Scores scores = scores("""
                dicom_id,Edema,Round(ed) Atelectasis,,
                a,0.9,0.2,,
                b,0.4,0.7,,
                c,0.1,0.3,,
                """);
        assertSameNumbers(scores, plainScores());
        assertThat(scores.warnings()).containsExactly(
                "ignored 2 columns that are not scored: (unnamed column 4), (unnamed column 5)");
    }

    @Test
    void readsAPandasFrameWrittenWithATwoLevelIndex() throws Exception {
        Scores scores = scores("""
                ,,dicom_id,Edema,Round(ed) Atelectasis
                0,x,a,0.9,0.2
                0,y,b,0.4,0.7
                1,x,c,0.1,0.3
                """);
        assertSameNumbers(scores, plainScores());
        assertThat(scores.warnings()).containsExactly(
                "ignored 2 columns that are not scored: (unnamed column 1), (unnamed column 2)");
    }

    @Test
    void countsAMillionEmptyColumnsNamingFive() throws Exception {
        // a header of a megabyte of commas: every row with as many (the warning is the file's
        // only oddity, and its names are built for the five it shows)
        String commas = ",".repeat(1_000_000);
        String csv = "dicom_id,Edema,Round(ed) Atelectasis" + commas + "\n"
                + "a,0.9,0.2" + commas + "\nb,0.4,0.7" + commas + "\nc,0.1,0.3" + commas + "\n";
        ReadLimits limits = ReadLimits.DEFAULT.withMaxRecordBytes(2_000_000);
        AnswerKey key = key(KEY_CSV);

        Submission read = Submission.read(CsvFixtures.stream(utf8(csv)), key, limits);

        assertThat(read.warnings()).containsExactly("ignored 1000000 columns that are not scored: (unnamed column 4),"
                + " (unnamed column 5), (unnamed column 6), (unnamed column 7), (unnamed column 8) and 999995 more");
    }

    @Test
    void namesTheFirstFiveIgnoredColumnsAndCountsTheRest() throws Exception {
        Scores scores = scores("""
                note,dicom_id,note,Edema,,,Round(ed) Atelectasis,note,,,
                n,a,n,0.9,,,0.2,n,,,
                n,b,n,0.4,,,0.7,n,,,
                n,c,n,0.1,,,0.3,n,,,
                """);
        assertSameNumbers(scores, plainScores());
        assertThat(scores.warnings()).containsExactly("ignored 8 columns that are not scored: note, note,"
                + " (unnamed column 5), (unnamed column 6), note and 3 more");
    }

    @Test
    void refusesARepeatedIdOrLabelColumnButNoOther() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis,dicom_id,Edema,,
                a,0.9,0.2,a,0.9,,
                """, keyOf());
        assertThat(refusal.describeAll()).containsExactly(
                "line 1: column \"dicom_id\" appears more than once in the header",
                "line 1: column \"Edema\" appears more than once in the header");
    }

    @Test
    void answerKeysMayHaveUnnamedColumnsTooAndTheyAreNotLabels() throws Exception {
        AnswerKey key = AnswerKey.read(CsvFixtures.stream("""
                ,dicom_id,Edema,Round(ed) Atelectasis,,
                0,a,1,0,,
                1,b,0,1,,
                2,c,0,0,,
                """), "dicom_id", null, ReadLimits.DEFAULT);
        assertThat(key.labels()).isEqualTo(LABELS);
        assertThat(key.warnings()).containsExactly("ignored 3 columns of the answer key that are not scored:"
                + " (unnamed column 1), (unnamed column 5), (unnamed column 6)");
    }

    // ---------------------------------------------------------------- not comma-separated

    private static final String ID_MISSING = "the id column \"dicom_id\" is missing from the header";

    @Test
    void explainsASemicolonSeparatedFileWithDecimalCommas() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id;Edema;Round(ed) Atelectasis
                a;0,9;0,2
                b;0,4;0,7
                """, keyOf());
        assertThat(refusal.describeAll()).containsExactly(
                "line 1: " + ID_MISSING + "; the header as read (split at commas):"
                        + " \"dicom_id;Edema;Round(ed) Atelectasis\"; the file looks separated by \";\", not commas:"
                        + " save it as CSV with commas (in Excel: \"CSV UTF-8 (Comma delimited)\");"
                        + " its values look like 0,123: decimal commas are not numbers here, write 0.123",
                "line 1: label column \"Edema\" is missing from the header",
                "line 1: label column \"Round(ed) Atelectasis\" is missing from the header");
    }

    @Test
    void explainsExcelsSepLine() {
        RefusedInputException refusal = submissionRefusal("sep=;\r\ndicom_id;Edema;Round(ed) Atelectasis\r\n"
                + "a;0,9;0,2\r\n", keyOf());
        assertThat(refusal.problems().get(0).message()).isEqualTo(ID_MISSING
                + "; the header as read (split at commas): \"sep=;\"; a first line \"sep=...\" is Excel's hint about"
                + " the separator, not a header; the file looks separated by \";\", not commas: save it as CSV with"
                + " commas (in Excel: \"CSV UTF-8 (Comma delimited)\"); its values look like 0,123: decimal commas"
                + " are not numbers here, write 0.123");
    }

    @Test
    void explainsATabSeparatedFileWithoutDecimalCommas() {
        RefusedInputException refusal = submissionRefusal("dicom_id\tEdema\tRound(ed) Atelectasis\na\t0.9\t0.2\n",
                keyOf());
        assertThat(refusal.problems().get(0).message()).isEqualTo(ID_MISSING
                + "; the header as read (split at commas): \"dicom_id\tEdema\tRound(ed) Atelectasis\"; the file looks"
                + " separated by tabs, not commas: save it as CSV with commas (in Excel: \"CSV UTF-8 (Comma"
                + " delimited)\")");
    }

    @Test
    void cutsALongHeaderAtTwoHundredCharacters() {
        String header = "image;" + "x".repeat(300);
        RefusedInputException refusal = keyRefusal(utf8(header + "\n1;2\n"), LABELS, ReadLimits.DEFAULT);
        assertThat(refusal.problems().get(0).message()).startsWith(ID_MISSING
                + "; the header as read (split at commas): \"" + header.substring(0, 200) + "...\"; the file looks"
                + " separated by \";\"");
    }

    // ---------------------------------------------------------------- ids that match nothing

    @Test
    void saysWhenIdsWouldMatchWithoutTheirExtension() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a.jpg,0.9,0.2
                b.jpg,0.4,0.7
                c.jpg,0.1,0.3
                """, keyOf());
        assertThat(onlyMessage(refusal)).isEqualTo("3 of the answer key's 3 ids are missing from the submission,"
                + " e.g. a, b, c; 3 ids of the submission match no answer-key id, e.g. \"a.jpg\", \"b.jpg\", \"c.jpg\";"
                + " they would match after removing the extension \".jpg\" (\"a.jpg\" would be \"a\"), but ids are"
                + " compared exactly: write them as the answer key does");
    }

    @Test
    void saysWhenIdsWouldMatchWithoutTheirPathOrInAnotherCase() {
        RefusedInputException withPath = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                files/p10/s5/a.dcm,0.9,0.2
                b,0.4,0.7
                c,0.1,0.3
                """, keyOf());
        assertThat(onlyMessage(withPath)).isEqualTo("1 of the answer key's 3 ids is missing from the submission,"
                + " e.g. a; 1 id of the submission matches no answer-key id, e.g. \"files/p10/s5/a.dcm\"; they would"
                + " match after removing the folder path \"files/p10/s5/\" and removing the extension \".dcm\""
                + " (\"files/p10/s5/a.dcm\" would be \"a\"), but ids are compared exactly: write them as the answer"
                + " key does");

        RefusedInputException upperCase = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                A.PNG,0.9,0.2
                b,0.4,0.7
                c,0.1,0.3
                """, keyOf());
        assertThat(onlyMessage(upperCase)).endsWith("they would match after removing the extension \".PNG\" and"
                + " changing the case (\"A.PNG\" would be \"a\"), but ids are compared exactly: write them as the"
                + " answer key does");
    }

    @Test
    void listsUnmatchedIdsWithoutAHintWhenNothingWouldMatch() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                zz,0.9,0.2
                b,0.4,0.7
                c,0.1,0.3
                """, keyOf());
        assertThat(onlyMessage(refusal)).isEqualTo("1 of the answer key's 3 ids is missing from the submission,"
                + " e.g. a; 1 id of the submission matches no answer-key id, e.g. \"zz\"");
    }

    // ---------------------------------------------------------------- zips

    @Test
    void readsAZipWithStoredEntriesAndDataDescriptorsFromAStreamAndFromAFile() throws Exception {
        byte[] file = ZipBytes.write(List.of(new ZipBytes.Entry(utf8("out/submission.csv"), utf8(SUBMISSION_CSV),
                false, true, false)), false);
        AnswerKey key = keyOf();
        assertSameNumbers(Evaluator.score(key, submission(file, key)), plainScores());
        Path path = temp.resolve("piped.zip");
        Files.write(path, file);
        assertSameNumbers(Evaluator.score(key, Submission.read(path, key, ReadLimits.DEFAULT)), plainScores());
    }

    @Test
    void readsAZipWhoseOnlyEntryHasNoCsvNameWithAWarning() throws Exception {
        // "-" is what zip -0 - names an entry read from standard input
        byte[] file = ZipBytes.write(List.of(new ZipBytes.Entry(utf8("-"), utf8(SUBMISSION_CSV), false, true,
                false)), false);
        AnswerKey key = keyOf();
        Submission submission = Submission.read(new java.io.ByteArrayInputStream(file), key, ReadLimits.DEFAULT);
        assertSameNumbers(Evaluator.score(key, submission), plainScores());
        assertThat(submission.warnings()).first()
                .isEqualTo("the zip holds no .csv file; its only file, \"-\", was read as the CSV");
    }

    @Test
    void readsAZip64WithMoreThan65535Entries() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(0);
            for (int i = 0; i < 70_000; i++) {
                zip.putNextEntry(new ZipEntry("code/" + i));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("submission.csv"));
            zip.write(utf8(SUBMISSION_CSV));
            zip.closeEntry();
        }
        AnswerKey key = keyOf();
        assertSameNumbers(Evaluator.score(key, submission(bytes.toByteArray(), key)), plainScores());
    }

    @Test
    void readsAnswerKeysInAZipAndAsGzip() throws Exception {
        AnswerKey zipped = AnswerKey.read(CsvFixtures.stream(ZipBytes.write(List.of(new ZipBytes.Entry(
                utf8("truth.csv"), utf8(KEY_CSV), false, true, false)), false)), "dicom_id", LABELS, ReadLimits.DEFAULT);
        AnswerKey gzipped = AnswerKey.read(CsvFixtures.stream(gzip(KEY_CSV)), "dicom_id", LABELS, ReadLimits.DEFAULT);
        assertSameNumbers(Evaluator.score(zipped, submission(SUBMISSION_CSV, zipped)), plainScores());
        assertSameNumbers(Evaluator.score(gzipped, submission(SUBMISSION_CSV, gzipped)), plainScores());
    }

    @Test
    void namesBothCsvsOfAZipAndIgnoresMacShadows() {
        byte[] file = zip("__MACOSX/._a.csv", "x", "._a.csv", "x", "a.csv", SUBMISSION_CSV, "b/b.csv", SUBMISSION_CSV);
        assertThat(onlyMessage(submissionRefusal(file, keyOf(), ReadLimits.DEFAULT))).isEqualTo(
                "the zip holds more than one .csv file: \"a.csv\" and \"b/b.csv\"; keep exactly one");
    }

    @Test
    void saysDamagedNotTruncatedForACorruptEntry() {
        StringBuilder csv = new StringBuilder(SUBMISSION_CSV);
        for (int i = 0; i < 300; i++) {
            csv.append("x").append(i).append(",0.").append(i * 7919 % 1000).append(",0.5\n");
        }
        byte[] file = zip("s.csv", csv.toString());
        for (int i = 60; i < 120; i++) {
            file[i] = (byte) 0xFF; // inside the compressed data; the directory at the end is intact
        }
        String message = onlyMessage(submissionRefusal(file, keyOf(), ReadLimits.DEFAULT));
        assertThat(message).startsWith("\"s.csv\" in the zip cannot be decompressed: the zip is damaged (")
                .doesNotContain("truncated");
    }

    @Test
    void saysDamagedForAStoredEntryWhoseBytesDoNotMatchTheCrcTheZipLists() {
        // STORED: nothing to decompress, so only the CRC-32 tells (as unzip and Python's zipfile
        // check it); a digit changed in place keeps every line well formed
        for (boolean dataDescriptor : new boolean[] {false, true}) {
            byte[] file = ZipBytes.write(List.of(new ZipBytes.Entry(utf8("s.csv"), utf8(SUBMISSION_CSV), false,
                    dataDescriptor, false)), false);
            int at = indexOf(file, utf8("0.9"));
            assertThatCode(() -> Submission.read(CsvFixtures.stream(file), keyOf(), ReadLimits.DEFAULT))
                    .as("undamaged").doesNotThrowAnyException();
            file[at + 2] = '8';

            String message = onlyMessage(submissionRefusal(file, keyOf(), ReadLimits.DEFAULT));

            assertThat(message).as("data descriptor " + dataDescriptor)
                    .startsWith("\"s.csv\" in the zip cannot be decompressed: the zip is damaged (its CRC-32 is ")
                    .contains("where the zip lists");
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    // ---------------------------------------------------------------- hostile files

    @Test
    void refusesARecordLongerThanTheLimitNamingItsLine() {
        String file = SUBMISSION_CSV + "d,\"0.5," + "x".repeat(5000) + "\n" + "e,0.1,0.1\n".repeat(100);
        RefusedInputException refusal = submissionRefusal(utf8(file), keyOf(),
                ReadLimits.DEFAULT.withMaxRecordBytes(1000));
        assertThat(refusal.describeAll()).containsExactly("line 5: the record starting on this line is longer than"
                + " 1000 bytes, the limit for one record (a quote that is never closed makes one record of the rest"
                + " of the file)");
    }

    @Test
    void refusesAnUnclosedQuoteBeforeMegabytesOfTextUnderTheDefaultLimit() {
        StringBuilder file = new StringBuilder(SUBMISSION_CSV).append("d,\"0.5,0.5\n");
        String line = "lorem ipsum dolor sit amet, consectetur adipiscing elit\n";
        while (file.length() < 3 << 20) {
            file.append(line);
        }
        RefusedInputException refusal = submissionRefusal(gzip(file.toString()), keyOf(), ReadLimits.DEFAULT);
        assertThat(refusal.describeAll()).containsExactly("line 5: the record starting on this line is longer than"
                + " 1048576 bytes, the limit for one record (a quote that is never closed makes one record of the"
                + " rest of the file)");
    }

    @Test
    void refusesALongHeaderRecordToo() {
        String file = "dicom_id," + "x".repeat(2000) + "\na,1\n";
        assertThat(keyRefusal(utf8(file), LABELS, new ReadLimits(1 << 20, 100)).describeAll()).containsExactly(
                "line 1: the record starting on this line is longer than 100 bytes, the limit for one record"
                        + " (a quote that is never closed makes one record of the rest of the file)");
    }

    @Test
    void spreadsIdsChosenToCollideUnderStringHashCode() {
        // 2^12 ids of 12 blocks of "Aa" or "BB": all with one String.hashCode
        List<String> ids = new ArrayList<>();
        for (int bits = 0; bits < 1 << 12; bits++) {
            StringBuilder id = new StringBuilder();
            for (int b = 0; b < 12; b++) {
                id.append((bits >> b & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(id.toString());
        }
        assertThat(ids.stream().map(String::hashCode).distinct()).hasSize(1);
        Set<Integer> hashes = new HashSet<>();
        for (String id : ids) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            hashes.add(IdIndex.hash(bytes, 0, bytes.length));
        }
        // a 32-bit keyed hash: collisions among 4096 ids are rare (expected about 0.002)
        assertThat(hashes.size()).isGreaterThanOrEqualTo(4095);
    }

    @Test
    void countsRowsOfOtherImagesWithoutKeepingThem() throws Exception {
        StringBuilder file = new StringBuilder(SUBMISSION_CSV);
        for (int bits = 0; bits < 1 << 14; bits++) {
            StringBuilder id = new StringBuilder();
            for (int b = 0; b < 14; b++) {
                id.append((bits >> b & 1) == 0 ? "Aa" : "BB");
            }
            file.append(id).append(",0.5,0.5\n");
        }
        Scores scores = scores(file.toString());
        assertSameNumbers(scores, plainScores());
        assertThat(scores.warnings()).singleElement().asString()
                .startsWith("ignored 16384 rows whose dicom_id is not in the answer key, e.g. AaAaAaAaAaAaAaAaAaAaAaAaAaAa, ");
    }

    private static AnswerKey keyOf() {
        try {
            return key(KEY_CSV);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
