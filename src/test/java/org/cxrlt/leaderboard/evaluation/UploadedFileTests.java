package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The kinds of file a participant uploads, read through the public readers. */
class UploadedFileTests {

    private static final ReadLimits SMALL = new ReadLimits(1000);

    private static Scores scoreOf(byte[] submissionFile) throws Exception {
        AnswerKey key = key(KEY_CSV);
        return Evaluator.score(key, submission(submissionFile, key));
    }

    private static Scores plainScores() throws Exception {
        return scoreOf(utf8(SUBMISSION_CSV));
    }

    /** A CSV of the answer key's shape, over 1000 bytes long. */
    private static String longKeyCsv() {
        StringBuilder csv = new StringBuilder("dicom_id,Edema,Round(ed) Atelectasis\n");
        for (int i = 0; i < 100; i++) {
            csv.append("id-").append(i).append(',').append(i % 2).append(',').append((i / 2) % 2).append('\n');
        }
        assertThat(csv.length()).isGreaterThan(1000);
        return csv.toString();
    }

    private static void assertSingleFileProblem(RefusedInputException refusal, String message) {
        assertThat(refusal.problems()).containsExactly(Problem.ofFile(message));
        assertThat(refusal.totalProblems()).isEqualTo(1);
    }

    @Test
    void aZipGivenAsAStreamIsCopiedIntoTheTemporaryDirectoryOfTheLimitsAndDeletedOnceRead(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
        java.util.List<String> during = new java.util.ArrayList<>();
        String csv = UploadedFile.readCsv(CsvFixtures.stream(zip("predictions.csv", SUBMISSION_CSV)),
                ReadLimits.DEFAULT.withTemporaryDirectory(directory), in -> {
                    try (var files = java.nio.file.Files.list(directory)) {
                        files.forEach(file -> during.add(file.getFileName().toString()));
                    }
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                });

        assertThat(csv).isEqualTo(SUBMISSION_CSV);
        assertThat(during).singleElement().asString().startsWith("upload-").endsWith(".zip");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void readsAGzipFileByItsContentWhateverItsName() throws Exception {
        // streams carry no name: a .csv that is really gzip is read as gzip
        assertThat(scoreOf(gzip(SUBMISSION_CSV))).isEqualTo(plainScores());
        AnswerKey gzKey = AnswerKey.read(CsvFixtures.stream(gzip(KEY_CSV)), "dicom_id", LABELS, ReadLimits.DEFAULT);
        assertThat(gzKey.rows()).isEqualTo(3);
        assertThat(gzKey.positivesByLabel()).containsExactly(
                java.util.Map.entry("Edema", 1), java.util.Map.entry("Round(ed) Atelectasis", 1));
    }

    @Test
    void scoresAZipWithTheCsvInASubfolderNextToCode() throws Exception {
        byte[] file = zip(
                "code/", null,
                "code/train.py", "print('training')\n",
                "results/", null,
                "results/submission.csv", SUBMISSION_CSV,
                "README.md", "# our model\n");
        assertThat(scoreOf(file)).isEqualTo(plainScores());
    }

    @Test
    void scoresAZipWithTheCsvAtItsRootWhateverTheCaseOfItsExtension() throws Exception {
        assertThat(scoreOf(zip("PREDICTIONS.CSV", SUBMISSION_CSV))).isEqualTo(plainScores());
    }

    @Test
    void ignoresTheMacOsResourceForkShadowOfTheCsv() throws Exception {
        byte[] file = zip(
                "submission.csv", SUBMISSION_CSV,
                "__MACOSX/", null,
                "__MACOSX/._submission.csv", "\u0000\u0005\u0016\u0007Mac OS X",
                "other/._notes.csv", "binary junk");
        assertThat(scoreOf(file)).isEqualTo(plainScores());
    }

    @Test
    void refusesAZipWithTwoCsvFilesNamingBoth() throws Exception {
        byte[] file = zip("a/first.csv", SUBMISSION_CSV, "code/x.py", "", "b/second.csv", SUBMISSION_CSV);
        assertSingleFileProblem(submissionRefusal(file, key(KEY_CSV), ReadLimits.DEFAULT),
                "the zip holds more than one .csv file: \"a/first.csv\" and \"b/second.csv\"; keep exactly one");
    }

    @Test
    void refusesAZipWithoutACsvListingWhatItHolds() throws Exception {
        byte[] file = zip("code/", null, "code/train.py", "x = 1\n", "submission.xlsx", "not really");
        assertSingleFileProblem(submissionRefusal(file, key(KEY_CSV), ReadLimits.DEFAULT),
                "the zip holds no .csv file: it holds \"code/train.py\", \"submission.xlsx\"");
    }

    @Test
    void readsTheOnlyFileOfAZipWithoutACsvWithAWarningButNotOneOfTwo() throws Exception {
        // what `cat predictions.csv | zip -0 - -` writes: one entry named "-"; macOS shadows and folders aside
        byte[] piped = zip("-", SUBMISSION_CSV);
        AnswerKey key = key(KEY_CSV);
        Submission submission = submission(piped, key);
        Scores scores = Evaluator.score(key, submission);
        assertThat(scores).usingRecursiveComparison().ignoringFields("warnings").isEqualTo(plainScores());
        assertThat(scores.warnings()).containsExactly(
                "the zip holds no .csv file; its only file, \"-\", was read as the CSV");
        assertThat(submission.warnings()).containsExactly(
                "the zip holds no .csv file; its only file, \"-\", was read as the CSV");
        Submission txt = submission(zip("out/", null, "__MACOSX/._p.txt", "x", "out/p.txt", SUBMISSION_CSV), key);
        assertThat(txt.warnings()).containsExactly(
                "the zip holds no .csv file; its only file, \"out/p.txt\", was read as the CSV");
        assertSingleFileProblem(submissionRefusal(zip("a.txt", SUBMISSION_CSV, "b.txt", SUBMISSION_CSV), key,
                ReadLimits.DEFAULT), "the zip holds no .csv file: it holds \"a.txt\", \"b.txt\"");
    }

    /** A zip of STORED entries whose method fields (local header and directory) say {@code method}. */
    private static byte[] zipClaimingMethod(int method, String[] names, String[] contents, int... patched)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                byte[] data = utf8(contents[i]);
                java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(names[i]);
                entry.setMethod(java.util.zip.ZipEntry.STORED);
                entry.setSize(data.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(data);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(data);
            }
        }
        byte[] file = bytes.toByteArray();
        int local = 0;
        int central = 0;
        for (int p = 0; p + 4 <= file.length; p++) {
            if (file[p] == 'P' && file[p + 1] == 'K' && file[p + 2] == 3 && file[p + 3] == 4) {
                if (Arrays.binarySearch(patched, local++) >= 0) {
                    file[p + 8] = (byte) method;
                }
            } else if (file[p] == 'P' && file[p + 1] == 'K' && file[p + 2] == 1 && file[p + 3] == 2) {
                if (Arrays.binarySearch(patched, central++) >= 0) {
                    file[p + 10] = (byte) method;
                }
            }
        }
        return file;
    }

    @Test
    void namesTheCompressionMethodItCannotReadAndTheFixNeverSayingDamaged() throws Exception {
        byte[] lzma = zipClaimingMethod(14, new String[] {"x.csv"}, new String[] {SUBMISSION_CSV}, 0);
        assertSingleFileProblem(submissionRefusal(lzma, key(KEY_CSV), ReadLimits.DEFAULT),
                "\"x.csv\" in the zip is compressed with LZMA (zip method 14), which is not supported;"
                        + " save the zip with Deflate (the default of zip tools)");
        byte[] zstd = zipClaimingMethod(93, new String[] {"x.csv"}, new String[] {SUBMISSION_CSV}, 0);
        assertSingleFileProblem(submissionRefusal(zstd, key(KEY_CSV), ReadLimits.DEFAULT),
                "\"x.csv\" in the zip is compressed with Zstandard (zip method 93), which is not supported;"
                        + " save the zip with Deflate (the default of zip tools)");
        // the same for the answer key
        assertSingleFileProblem(keyRefusal(lzma, LABELS, ReadLimits.DEFAULT),
                "\"x.csv\" in the zip is compressed with LZMA (zip method 14), which is not supported;"
                        + " save the zip with Deflate (the default of zip tools)");
    }

    @Test
    void readsTheCsvBesideAnEntryOfAMethodItCannotRead() throws Exception {
        // code/model.bin in LZMA: the JDK refuses the whole zip; the CSV beside it is read all the same
        byte[] file = zipClaimingMethod(14, new String[] {"code/model.bin", "s.csv"},
                new String[] {"weights", SUBMISSION_CSV}, 0);
        assertThat(scoreOf(file)).isEqualTo(plainScores());
        // two CSVs still refused naming both, the limit still counts every entry
        byte[] two = zipClaimingMethod(14, new String[] {"code/model.bin", "a.csv", "b.csv"},
                new String[] {"weights", SUBMISSION_CSV, SUBMISSION_CSV}, 0);
        assertSingleFileProblem(submissionRefusal(two, key(KEY_CSV), ReadLimits.DEFAULT),
                "the zip holds more than one .csv file: \"a.csv\" and \"b.csv\"; keep exactly one");
        byte[] padded = zipClaimingMethod(14, new String[] {"code/model.bin", "s.csv"},
                new String[] {"w".repeat(5000), SUBMISSION_CSV}, 0);
        assertSingleFileProblem(submissionRefusal(padded, key(KEY_CSV), SMALL),
                "the zip file expands to more than 1000 bytes, the limit; refused as a possible decompression bomb");
    }

    @Test
    void refusesAnEmptyZip() throws Exception {
        byte[] file = zip(new String[0], new byte[0][]);
        assertThat(file).startsWith('P', 'K', 5, 6);
        assertSingleFileProblem(submissionRefusal(file, key(KEY_CSV), ReadLimits.DEFAULT),
                "the zip holds no .csv file: it holds no files");
    }

    @Test
    void refusesAZipWhoseCsvIsEmpty() throws Exception {
        assertSingleFileProblem(submissionRefusal(zip("sub/s.csv", ""), key(KEY_CSV), ReadLimits.DEFAULT),
                "\"sub/s.csv\" in the zip is empty");
    }

    @Test
    void refusesAZipThatExpandsPastTheLimit() throws Exception {
        // the answer key is read within the default limit; the submission's zip passes the small one
        AnswerKey key = key(KEY_CSV);
        String big = SUBMISSION_CSV + "x,0.5,0.5\n".repeat(150);
        assertSingleFileProblem(submissionRefusal(zip("s.csv", big), key, SMALL),
                "the zip file expands to more than 1000 bytes, the limit; refused as a possible decompression bomb");
    }

    @Test
    void countsEveryEntryOfAZipAgainstTheLimit() throws Exception {
        // the CSV is small, but a padding entry beside it is not
        AnswerKey key = key(KEY_CSV);
        byte[] padding = new byte[5000];
        byte[] file = zip(new String[] {"code/weights.bin", "s.csv"}, new byte[][] {padding, utf8(SUBMISSION_CSV)});
        assertThat(file.length).isLessThan(1000);
        assertSingleFileProblem(submissionRefusal(file, key, SMALL),
                "the zip file expands to more than 1000 bytes, the limit; refused as a possible decompression bomb");
    }

    @Test
    void refusesAGzipThatExpandsPastTheLimit() throws Exception {
        byte[] file = gzip(longKeyCsv());
        assertThat(file.length).isLessThan(1000);
        assertSingleFileProblem(keyRefusal(file, LABELS, SMALL),
                "the gzip file expands to more than 1000 bytes, the limit; refused as a possible decompression bomb");
        // and within the limit the same file is read
        assertThat(AnswerKey.read(CsvFixtures.stream(file), "dicom_id", LABELS, ReadLimits.DEFAULT).rows()).isEqualTo(100);
    }

    @Test
    void readsACompressedFileJustWithinTheLimit() throws Exception {
        String csv = SUBMISSION_CSV;
        ReadLimits exact = new ReadLimits(utf8(csv).length);
        AnswerKey key = key(KEY_CSV);
        assertThat(Evaluator.score(key, Submission.read(CsvFixtures.stream(gzip(csv)), key, exact)))
                .isEqualTo(plainScores());
        assertThat(Evaluator.score(key, Submission.read(CsvFixtures.stream(zip("s.csv", csv)), key, exact)))
                .isEqualTo(plainScores());
    }

    @Test
    void refusesATruncatedGzip() throws Exception {
        byte[] whole = gzip(longKeyCsv());
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        RefusedInputException refusal = keyRefusal(truncated, LABELS, ReadLimits.DEFAULT);
        assertThat(refusal.problems()).hasSize(1);
        Problem problem = refusal.problems().get(0);
        assertThat(problem.line()).isZero();
        assertThat(problem.column()).isNull();
        assertThat(problem.value()).isNull();
        assertThat(problem.message()).isEqualTo(
                "the gzip file ends before its compressed data does: it is truncated (Unexpected end of ZLIB input stream)");
    }

    @Test
    void refusesAGzipCutInsideItsHeader() throws Exception {
        byte[] truncated = Arrays.copyOf(gzip(KEY_CSV), 5);
        RefusedInputException refusal = keyRefusal(truncated, LABELS, ReadLimits.DEFAULT);
        assertThat(refusal.problems()).singleElement().extracting(Problem::message).asString()
                .startsWith("the gzip file ends before its compressed data does: it is truncated");
    }

    @Test
    void refusesATruncatedZip() throws Exception {
        StringBuilder csv = new StringBuilder(SUBMISSION_CSV);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            csv.append("extra").append(i).append(',').append(random.nextDouble()).append(",0.5\n");
        }
        byte[] whole = zip("s.csv", csv.toString());
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        RefusedInputException refusal = submissionRefusal(truncated, key(KEY_CSV), ReadLimits.DEFAULT);
        assertThat(refusal.problems()).singleElement().extracting(Problem::message).isEqualTo(
                "the file starts like a zip but has no list of its files at its end: it is truncated"
                        + " (or not a complete zip)");
    }

    @Test
    void refusesUtf16TextNamingTheEncoding() throws Exception {
        String message = "the file is UTF-16 text; save it as UTF-8 CSV (in Excel: \"CSV UTF-8\")";
        byte[] littleEndian = ("\uFEFF" + KEY_CSV).getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] bigEndian = ("\uFEFF" + KEY_CSV).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        assertThat(littleEndian).startsWith(0xFF, 0xFE);
        assertSingleFileProblem(keyRefusal(littleEndian, LABELS, ReadLimits.DEFAULT), message);
        assertSingleFileProblem(submissionRefusal(bigEndian, key(KEY_CSV), ReadLimits.DEFAULT), message);
        // inside a gzip too
        assertSingleFileProblem(submissionRefusal(gzip(littleEndian), key(KEY_CSV), ReadLimits.DEFAULT), message);
    }

    @Test
    void refusesAFileWithNulBytes() throws Exception {
        byte[] file = utf8("dicom_id,Edema\u0000,Round(ed) Atelectasis\na,1,0\n");
        assertSingleFileProblem(keyRefusal(file, LABELS, ReadLimits.DEFAULT),
                "the file is not text (it contains NUL bytes); expected CSV, gzip or zip");
    }

    @Test
    void refusesAnExcelWorkbook() throws Exception {
        byte[] file = new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A};
        assertSingleFileProblem(submissionRefusal(file, key(KEY_CSV), ReadLimits.DEFAULT),
                "the file is an Excel workbook, not CSV; export it as CSV");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        assertSingleFileProblem(keyRefusal(new byte[0], LABELS, ReadLimits.DEFAULT), "the file is empty");
        assertSingleFileProblem(submissionRefusal(new byte[0], key(KEY_CSV), ReadLimits.DEFAULT), "the file is empty");
    }

    @Test
    void refusesAGzipOfAnEmptyFile() throws Exception {
        assertSingleFileProblem(submissionRefusal(gzip(new byte[0]), key(KEY_CSV), ReadLimits.DEFAULT),
                "the gzip file holds an empty file");
    }

    @Test
    void refusesAFileOfBlankLinesAsEmpty() throws Exception {
        assertSingleFileProblem(submissionRefusal("\uFEFF\r\n\r\n", key(KEY_CSV)),
                "the file is empty: expected a header line and rows");
    }

    @Test
    void readsARealisticGzipAndZipLikeThePlainFile() throws Exception {
        SyntheticData data = CxrLt2024.synthetic(CxrLt2024.TASK2_LABELS, 3000, 99);
        ByteArrayOutputStream keyCsv = new ByteArrayOutputStream();
        data.writeAnswerKey(keyCsv);
        ByteArrayOutputStream submissionCsv = new ByteArrayOutputStream();
        data.writeSubmission(submissionCsv, 0.7, 100);
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(gzip(keyCsv.toByteArray())), "dicom_id", null, ReadLimits.DEFAULT);
        assertThat(key.rows()).isEqualTo(3000);
        assertThat(key.labels()).isEqualTo(CxrLt2024.TASK2_LABELS);

        Scores plain = Evaluator.score(key, submission(submissionCsv.toByteArray(), key));
        Scores gz = Evaluator.score(key, submission(gzip(submissionCsv.toByteArray()), key));
        Scores zipped = Evaluator.score(key, submission(zip(new String[] {"code/run.sh", "out/preds.csv"},
                new byte[][] {utf8("#!/bin/sh\n"), submissionCsv.toByteArray()}), key));
        assertThat(plain.rows()).isEqualTo(3000);
        assertThat(plain.labels()).hasSize(26);
        assertThat(plain.mAP()).isBetween(0.0, 1.0);
        assertThat(gz).isEqualTo(plain);
        assertThat(zipped).isEqualTo(plain);
    }

    @Test
    void readsAZipWhoseEntryNamesAreNotUtf8() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes,
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("r\u00e9sultats.csv"));
            zip.write(utf8(SUBMISSION_CSV));
            zip.closeEntry();
        }
        AnswerKey key = key(KEY_CSV);

        assertThat(Evaluator.score(key, Submission.read(CsvFixtures.stream(bytes.toByteArray()), key,
                ReadLimits.DEFAULT))).isEqualTo(plainScores());
    }
}
