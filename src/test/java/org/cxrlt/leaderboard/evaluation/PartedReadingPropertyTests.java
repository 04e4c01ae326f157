package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain CSV file read in parts on several threads gives exactly what the serial reader gives:
 * the same predictions and warnings, or the same refusal (the same problems, in the same order,
 * with the same lines, and the same total). Checked on many generated files, valid ones and ones
 * with every kind of problem (values that are not probabilities, lines with too few or too many
 * fields, empty, unknown, missing and repeated ids, stray and unclosed quotes, records past the
 * length limit, more problems than are listed), quoted fields with commas, doubled quotes and
 * line breaks (LF, CRLF, CR), LF, CRLF or CR line ends, BOM, blank lines, with and without a
 * final newline, each cut into parts of a few bytes at many places, on a pool of threads and on
 * the calling thread alone.
 */
class PartedReadingPropertyTests {

    private static final int FILES = 500;
    private static final int KEY_FILES = 300;
    private static final int CUTTINGS = 4;
    private static final List<String> LABELS = List.of("Edema", "Mass, lung");
    private static final String[] NOTES = {"", "x", "\"quoted, with a comma\"", "\"doubled \"\"quotes\"\"\"",
        "\"\""};
    private static final String[] NOTES_WITH_LINE_BREAKS = {"\"two\nlines\"", "\"old\rmac\"", "\"crlf\r\ninside\"",
        "\"\n\n\""};
    private static final String[] BAD_VALUES = {"abc", "NaN", "2", "", " ", "-0.5", "inf", "0x1p-1", "1_0"};
    private static final String[] GOOD_VALUES = {"0.5", " .25 ", "5E-01", "1", "0", "0.123456789012345678901",
        "\"0.75\"", "1.", "-0.0"};

    private static ExecutorService pool;

    @TempDir
    Path temp;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void partsGiveExactlyTheSerialOutcome() throws Exception {
        SplittableRandom random = new SplittableRandom(20261130);
        int inParts = 0;
        int refusedInParts = 0;
        int serialAgain = 0;
        for (int trial = 0; trial < FILES; trial++) {
            Generated file = Generated.random(random);
            AnswerKey key = AnswerKey.read(CsvFixtures.stream(file.key), "dicom_id", LABELS, ReadLimits.DEFAULT);
            Path path = temp.resolve("submission" + trial + ".csv");
            Files.write(path, file.submission);
            ReadLimits limits = new ReadLimits(1L << 30, file.maxRecordBytes);
            Object serial = outcome(() -> Submission.read(CsvFixtures.stream(file.submission), key, limits));
            for (int cutting = 0; cutting < CUTTINGS; cutting++) {
                int maxParts = 2 + random.nextInt(10);
                long minPartBytes = 1 + random.nextInt(Math.max(1, file.submission.length / maxParts));
                Executor executor = random.nextInt(4) == 0 ? Runnable::run : pool;
                String as = "file " + trial + " (" + file.description + ") in up to " + maxParts
                        + " parts of at least " + minPartBytes + " bytes:\n" + new String(file.submission,
                        StandardCharsets.UTF_8);
                Object parted = outcome(() -> UploadedFile.readCsv(path, limits, csv -> {
                    throw new AssertionError("a plain file is read in place");
                }, (plain, csv) -> ParallelSubmissionReader.read(plain, csv, key, limits, maxParts, minPartBytes,
                        executor)));
                assertThat(parted).as(as).isEqualTo(serial);
                boolean tookParts = took(path, key, limits, maxParts, minPartBytes, executor);
                if (tookParts) {
                    inParts++;
                    if (serial instanceof Refusal) {
                        refusedInParts++;
                    }
                } else {
                    serialAgain++;
                }
            }
        }
        // the parts, not the serial reader they fall back to, gave most outcomes, refusals among them

        assertThat(inParts).isGreaterThan(FILES * CUTTINGS / 2);
        assertThat(refusedInParts).isGreaterThan(FILES / 2);
        assertThat(serialAgain).isGreaterThan(FILES / 2);
    }

    @Test
    void answerKeysInPartsGiveExactlyTheSerialOutcome() throws Exception {
        SplittableRandom random = new SplittableRandom(20261201);
        int inParts = 0;
        int serialAgain = 0;
        for (int trial = 0; trial < KEY_FILES; trial++) {
            GeneratedKey file = GeneratedKey.random(random);
            Path path = temp.resolve("key" + trial + ".csv");
            Files.write(path, file.csv);
            ReadLimits limits = new ReadLimits(1L << 30, file.maxRecordBytes);
            List<String> labels = random.nextBoolean() ? LABELS : null;
            Object serial = keyOutcome(() -> AnswerKey.read(CsvFixtures.stream(file.csv), "dicom_id", labels, limits));
            for (int cutting = 0; cutting < CUTTINGS; cutting++) {
                int maxParts = 2 + random.nextInt(10);
                long minPartBytes = 1 + random.nextInt(Math.max(1, file.csv.length / maxParts));
                Executor executor = random.nextInt(4) == 0 ? Runnable::run : pool;
                String as = "key " + trial + " (" + file.description + ") in up to " + maxParts
                        + " parts of at least " + minPartBytes + " bytes:\n" + new String(file.csv, StandardCharsets.UTF_8);
                Object parted = keyOutcome(() -> UploadedFile.readCsv(path, limits, csv -> {
                    throw new AssertionError("a plain file is read in place");
                }, (plain, csv) -> ParallelAnswerKeyReader.read(plain, csv, "dicom_id", labels, limits, maxParts,
                        minPartBytes, executor)));
                assertThat(parted).as(as).isEqualTo(serial);
                boolean tookParts;
                try {
                    tookParts = ParallelAnswerKeyReader.readInParts(path, "dicom_id", labels, limits, maxParts,
                            minPartBytes, executor) != null;
                } catch (RefusedInputException | CsvReader.RecordTooLongException e) {
                    tookParts = true;
                }
                if (tookParts) {
                    inParts++;
                } else {
                    serialAgain++;
                }
            }
        }
        // keys with any problem are read again serially: the parts gave a fifth of the outcomes
        assertThat(inParts).isGreaterThan(KEY_FILES * CUTTINGS / 6);
        assertThat(serialAgain).isGreaterThan(KEY_FILES * CUTTINGS / 3);
    }

    @Test
    void answerKeysOfThousandsOfRowsOfUnevenLengthsInPartsGiveTheSerialOutcome() throws Exception {
        // Each part sizes its arrays from its first row: here that row is far longer or far
        // shorter than the rest, or any length, and the ids are of random lengths, so that the
        // arrays are sized too large, or too small and then grown.
        SplittableRandom random = new SplittableRandom(20261130);
        for (String firstRow : List.of("long", "short", "random")) {
            for (boolean repeatedId : List.of(false, true)) {
                StringBuilder csv = new StringBuilder("dicom_id,Edema,\"Mass, lung\"\n");
                int rows = 5000 + random.nextInt(3000);
                String firstId = null;
                for (int row = 0; row < rows; row++) {
                    int idLength = switch (firstRow) {
                        case "long" -> row % 1000 == 0 ? 200 : 1;
                        case "short" -> row % 1000 == 0 ? 1 : 60;
                        default -> 1 + random.nextInt(80);
                    };
                    String id = repeatedId && row == rows - 1 ? firstId : "r" + row + "-" + "x".repeat(idLength);
                    firstId = firstId == null ? id : firstId;
                    csv.append(id).append(',').append(random.nextInt(2)).append(',')
                            .append(row % 7 == 0 ? "1.0" : random.nextInt(2)).append('\n');
                }
                csv.append("z,1,0\nzz,0,1\n"); // every label has a positive and a negative
                Path path = temp.resolve("uneven-" + firstRow + repeatedId + ".csv");
                Files.writeString(path, csv);
                Object serial = keyOutcome(() -> AnswerKey.read(CsvFixtures.stream(csv.toString().getBytes(
                        StandardCharsets.UTF_8)), "dicom_id", LABELS, ReadLimits.DEFAULT));
                for (int maxParts : new int[] {2, 3, 7}) {
                    Executor executor = maxParts == 3 ? Runnable::run : pool;
                    AnswerKey parted = ParallelAnswerKeyReader.readInParts(path, "dicom_id", LABELS, ReadLimits.DEFAULT,
                            maxParts, 1, executor);
                    String as = firstRow + " first row, " + (repeatedId ? "a repeated id" : "no repeated id")
                            + ", " + maxParts + " parts";
                    if (repeatedId) {
                        assertThat(parted).as(as + ": read again serially").isNull();
                        assertThat(serial).as(as).isInstanceOf(Refusal.class);
                    } else {
                        assertThat(keyOutcome(() -> parted)).as(as).isEqualTo(serial);
                    }
                }
            }
        }
    }

    @Test
    void aKeyOfThousandsOfLabelsGrowsPastItsFirstRoomSeriallyAndInParts() throws Exception {
        int labelCount = 3000;
        int rows = 3 * AnswerKey.initialRows(labelCount) + 5; // room for 349 rows at first: grown twice
        SplittableRandom random = new SplittableRandom(3000);
        List<String> labels = new ArrayList<>();
        StringBuilder csv = new StringBuilder("dicom_id");
        for (int l = 0; l < labelCount; l++) {
            labels.add("L" + l);
            csv.append(",L").append(l);
        }
        csv.append('\n');
        for (int row = 0; row < rows; row++) {
            csv.append("id").append(row);
            for (int l = 0; l < labelCount; l++) {
                csv.append(',').append(row < 2 ? row : random.nextInt(2)); // rows 0 and 1: a negative and a positive
            }
            csv.append('\n');
        }
        Path path = temp.resolve("wide.csv");
        Files.writeString(path, csv);

        AnswerKey serial = AnswerKey.read(CsvFixtures.stream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                "dicom_id", labels, ReadLimits.DEFAULT);
        AnswerKey parted = ParallelAnswerKeyReader.readInParts(path, "dicom_id", labels, ReadLimits.DEFAULT, 3, 1, pool);

        assertThat(AnswerKey.initialRows(labelCount)).isEqualTo(349);
        assertThat(serial.rows()).isEqualTo(rows);
        assertThat(parted.rows()).isEqualTo(rows);
        for (int row = 0; row < rows; row++) {
            assertThat(parted.id(row)).isEqualTo(serial.id(row)).isEqualTo("id" + row);
        }
        for (int l = 0; l < labelCount; l++) {
            assertThat(parted.truth(l)).as(labels.get(l)).isEqualTo(serial.truth(l));
        }
        assertThat(parted.positivesByLabel()).isEqualTo(serial.positivesByLabel());
    }

    private interface ReadKey {
        AnswerKey read() throws Exception;
    }

    private record AcceptedKey(List<String> ids, List<String> labels, List<List<Byte>> truth,
                               java.util.Map<String, Integer> positives, List<String> warnings) {
    }

    private static Object keyOutcome(ReadKey read) throws Exception {
        AnswerKey key;
        try {
            key = read.read();
        } catch (RefusedInputException e) {
            return new Refusal(e.problems(), e.totalProblems());
        }
        List<String> ids = new ArrayList<>();
        for (int row = 0; row < key.rows(); row++) {
            ids.add(key.id(row));
        }
        List<List<Byte>> truth = new ArrayList<>();
        for (int l = 0; l < key.labels().size(); l++) {
            List<Byte> column = new ArrayList<>();
            for (byte b : key.truth(l)) {
                column.add(b);
            }
            truth.add(column);
        }
        return new AcceptedKey(ids, key.labels(), truth, key.positivesByLabel(), key.warnings());
    }

    /** An answer key with whatever the dice put in. */
    private record GeneratedKey(byte[] csv, int maxRecordBytes, String description) {

        static GeneratedKey random(SplittableRandom random) {
            int rows = 2 + random.nextInt(60);
            int kind = random.nextInt(10);
            double trouble = kind < 5 ? 0 : kind < 8 ? 0.03 : 0.3;
            boolean lineBreaks = random.nextInt(3) == 0;
            int maxRecordBytes = random.nextInt(8) == 0 ? 30 + random.nextInt(100) : ReadLimits.DEFAULT_MAX_RECORD_BYTES;
            List<String> columns = new ArrayList<>(List.of("dicom_id", "Edema", "\"Mass, lung\"", "note"));
            Collections.shuffle(columns, new Random(random.nextLong()));
            List<String> lines = new ArrayList<>();
            lines.add(String.join(",", columns));
            List<String> written = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                String id = "id" + i + (random.nextInt(5) == 0 ? "-" + Long.toHexString(random.nextLong()) : "");
                List<String> fields = new ArrayList<>();
                for (String column : columns) {
                    fields.add(switch (column) {
                        case "dicom_id" -> random.nextDouble() >= trouble ? (random.nextInt(6) == 0 ? "\"" + id + "\"" : id)
                                : switch (random.nextInt(4)) {
                                    case 0 -> "";
                                    case 1 -> written.isEmpty() ? id : written.get(random.nextInt(written.size()));
                                    case 2 -> id + "\"stray";
                                    default -> id;
                                };
                        case "note" -> random.nextInt(30) == 0 ? "\"" + "long ".repeat(30) + "\""
                                : lineBreaks && random.nextInt(4) == 0
                                ? NOTES_WITH_LINE_BREAKS[random.nextInt(NOTES_WITH_LINE_BREAKS.length)]
                                : NOTES[random.nextInt(NOTES.length)];
                        default -> random.nextDouble() < trouble
                                ? new String[] {"2", "0.5", "abc", "", "NaN"}[random.nextInt(5)]
                                : new String[] {"0", "1", "0", "1", "1.0", "0.0", " 1", "\"0\"", "-0"}[random.nextInt(9)];
                    });
                }
                if (random.nextDouble() < trouble / 3) {
                    fields.remove(fields.size() - 1);
                }
                lines.add(String.join(",", fields));
                written.add(id);
                if (random.nextDouble() < 0.05) {
                    lines.add("");
                }
            }
            String lineEnds = switch (random.nextInt(5)) {
                case 0 -> "\r\n";
                case 1 -> "\r";
                case 2 -> "mixed";
                default -> "\n";
            };
            StringBuilder text = new StringBuilder(random.nextInt(5) == 0 ? "\uFEFF" : "");
            for (int i = 0; i < lines.size(); i++) {
                text.append(lines.get(i));
                if (i < lines.size() - 1 || random.nextInt(4) != 0) {
                    text.append(lineEnds.equals("mixed") ? new String[] {"\n", "\r\n", "\r"}[random.nextInt(3)] : lineEnds);
                }
            }
            return new GeneratedKey(text.toString().getBytes(StandardCharsets.UTF_8), maxRecordBytes,
                    rows + " rows, trouble " + trouble + ", line ends " + lineEnds.replace("\r", "CR").replace("\n", "LF")
                            + ", record limit " + maxRecordBytes + (lineBreaks ? ", line breaks inside quotes" : ""));
        }
    }

    @Test
    void aFileTooSmallToCutIsReadSerially() throws Exception {
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(CsvFixtures.KEY_CSV), "dicom_id", CsvFixtures.LABELS,
                ReadLimits.DEFAULT);
        Path path = temp.resolve("small.csv");
        Files.writeString(path, CsvFixtures.SUBMISSION_CSV);
        assertThat(ParallelSubmissionReader.readInParts(path, key, ReadLimits.DEFAULT, 4,
                ParallelSubmissionReader.MIN_PART_BYTES, pool)).isNull();
        assertThat(Submission.read(path, key, ReadLimits.DEFAULT).predictions(0)).containsExactly(0.9, 0.4, 0.1);
    }

    @Test
    void arraysGivenBackServeTheNextSubmissionOfTheirShapeWithNothingOfTheirOwn() throws Exception {
        AnswerKey key = AnswerKey.read(CsvFixtures.stream("dicom_id,Edema,\"Mass, lung\"\na,1,0\nb,0,1\nc,1,1\nd,0,0\n"),
                "dicom_id", LABELS, ReadLimits.DEFAULT);
        Path first = temp.resolve("first.csv");
        Files.writeString(first, "dicom_id,Edema,\"Mass, lung\"\na,0.1,0.2\nb,0.3,0.4\nc,0.5,0.6\nd,0.7,0.8\n");
        Path second = temp.resolve("second.csv");
        Files.writeString(second, "dicom_id,\"Mass, lung\",Edema\nd,0.75,0.25\nc,1,0\nb,0,1\na,0.5,0.5\n");

        Submission read = ParallelSubmissionReader.readInParts(first, key, ReadLimits.DEFAULT, 2, 1, Runnable::run);
        double[] firstEdema = read.predictions(0);
        read.release();
        read.release(); // a second call does nothing

        assertThatThrownBy(() -> read.predictions(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
        Submission next = ParallelSubmissionReader.readInParts(second, key, ReadLimits.DEFAULT, 2, 1, Runnable::run);
        assertThat(next.predictions(0)).as("the same array, taken back").isSameAs(firstEdema)
                .containsExactly(0.5, 1.0, 0.0, 0.25);
        assertThat(next.predictions(1)).containsExactly(0.5, 0.0, 1.0, 0.75);
        assertThat(Evaluator.score(key, next)).isEqualTo(Evaluator.score(key, Submission.read(second, key, ReadLimits.DEFAULT)));
        next.release();
        assertThat(PredictionArrays.kept()).isBetween(1, PredictionArrays.KEPT);
    }

    /** Whether the parts gave the outcome, rather than the serial reader. */
    private static boolean took(Path path, AnswerKey key, ReadLimits limits, int maxParts, long minPartBytes,
                                Executor executor) throws Exception {
        try {
            return ParallelSubmissionReader.readInParts(path, key, limits, maxParts, minPartBytes, executor) != null;
        } catch (RefusedInputException | CsvReader.RecordTooLongException e) {
            return true;
        }
    }

    private interface Read {
        Submission read() throws Exception;
    }

    private record Refusal(List<Problem> problems, int total) {
    }

    private record Accepted(List<String> warnings, List<List<Double>> predictions) {
    }

    private static Object outcome(Read read) throws Exception {
        Submission submission;
        try {
            submission = read.read();
        } catch (RefusedInputException e) {
            return new Refusal(e.problems(), e.totalProblems());
        }
        List<List<Double>> predictions = CsvFixtures.predictionColumns(submission, LABELS.size());
        // given back, so that later files of this shape are read into arrays that held other values
        submission.release();
        return new Accepted(submission.warnings(), predictions);
    }

    /** An answer key and a submission for it, with whatever the dice put in. */
    private record Generated(String key, byte[] submission, int maxRecordBytes, String description) {

        static Generated random(SplittableRandom random) {
            int keyRows = 3 + random.nextInt(40);
            List<String> ids = new ArrayList<>();
            StringBuilder key = new StringBuilder("dicom_id,Edema,\"Mass, lung\"\n");
            for (int i = 0; i < keyRows; i++) {
                String id = "id" + i + (random.nextInt(5) == 0 ? "-" + Long.toHexString(random.nextLong()) : "");
                ids.add(id);
                // the first two rows give each label a positive and a negative
                int edema = i < 2 ? i : random.nextInt(2);
                int mass = i < 2 ? 1 - i : random.nextInt(2);
                key.append(id).append(',').append(edema).append(',').append(mass).append('\n');
            }
            // how troubled the file is: most files valid or nearly, some with problems on many lines
            int kind = random.nextInt(10);
            double trouble = kind < 4 ? 0 : kind < 8 ? 0.05 : 0.4;
            boolean quoteAtEnd = random.nextInt(12) == 0;
            boolean lineBreaks = random.nextInt(3) == 0;
            int maxRecordBytes = random.nextInt(8) == 0 ? 40 + random.nextInt(120) : ReadLimits.DEFAULT_MAX_RECORD_BYTES;

            List<String> columns = new ArrayList<>(List.of("dicom_id", "Edema", "\"Mass, lung\"", "note"));
            if (random.nextBoolean()) {
                columns.add("");
            }
            Collections.shuffle(columns, new Random(random.nextLong()));
            List<String> lines = new ArrayList<>();
            lines.add(String.join(",", columns));
            List<String> order = new ArrayList<>(ids);
            Collections.shuffle(order, new Random(random.nextLong()));
            List<String> written = new ArrayList<>();
            for (String id : order) {
                if (random.nextDouble() < trouble / 4) {
                    continue; // missing
                }
                lines.add(row(random, columns, id, trouble, lineBreaks, written));
                written.add(id);
                if (random.nextDouble() < 0.05) {
                    lines.add(""); // a blank line
                }
                if (random.nextDouble() < trouble / 2) {
                    String other = random.nextBoolean() ? "zz" + random.nextInt(4)
                            : "unknown-" + "w".repeat(random.nextInt(300));
                    lines.add(row(random, columns, other, trouble, lineBreaks, written));
                }
            }
            if (quoteAtEnd) {
                lines.add(order.get(0) + ",\"0.5,never closed\n" + "0.1,0.2");
            }
            String lineEnds = switch (random.nextInt(5)) {
                case 0 -> "\r\n";
                case 1 -> "\r";
                case 2 -> "mixed";
                default -> "\n";
            };
            StringBuilder text = new StringBuilder(random.nextInt(5) == 0 ? "\uFEFF" : "");
            for (int i = 0; i < lines.size(); i++) {
                text.append(lines.get(i));
                boolean last = i == lines.size() - 1;
                if (!last || random.nextInt(4) != 0) {
                    text.append(lineEnds.equals("mixed") ? new String[] {"\n", "\r\n", "\r"}[random.nextInt(3)] : lineEnds);
                }
            }
            String description = keyRows + " key rows, trouble " + trouble + ", line ends "
                    + lineEnds.replace("\r", "CR").replace("\n", "LF") + ", record limit " + maxRecordBytes
                    + (lineBreaks ? ", line breaks inside quotes" : "") + (quoteAtEnd ? ", an unclosed quote at the end" : "");
            return new Generated(key.toString(), text.toString().getBytes(StandardCharsets.UTF_8), maxRecordBytes,
                    description);
        }

        private static String row(SplittableRandom random, List<String> columns, String id, double trouble,
                                  boolean lineBreaks, List<String> written) {
            List<String> fields = new ArrayList<>();
            for (String column : columns) {
                String field = switch (column) {
                    case "dicom_id" -> idField(random, id, trouble, written);
                    case "Edema", "\"Mass, lung\"" -> random.nextDouble() < trouble
                            ? BAD_VALUES[random.nextInt(BAD_VALUES.length)]
                            : GOOD_VALUES[random.nextInt(GOOD_VALUES.length)];
                    case "note" -> random.nextInt(30) == 0 ? "\"" + "long ".repeat(40) + "\""
                            : lineBreaks && random.nextInt(4) == 0
                            ? NOTES_WITH_LINE_BREAKS[random.nextInt(NOTES_WITH_LINE_BREAKS.length)]
                            : NOTES[random.nextInt(NOTES.length)];
                    default -> random.nextInt(3) == 0 ? "" : "extra";
                };
                fields.add(field);
            }
            if (random.nextDouble() < trouble / 3) {
                if (random.nextBoolean()) {
                    fields.remove(fields.size() - 1);
                } else {
                    fields.add("surplus");
                }
            }
            return String.join(",", fields);
        }

        private static String idField(SplittableRandom random, String id, double trouble, List<String> written) {
            if (random.nextDouble() >= trouble / 2) {
                return random.nextInt(6) == 0 ? "\"" + id + "\"" : random.nextInt(8) == 0 ? " " + id + " " : id;
            }
            return switch (random.nextInt(5)) {
                case 0 -> random.nextBoolean() ? "" : "  ";
                case 1 -> written.isEmpty() ? id : written.get(random.nextInt(written.size())); // a repeated id
                case 2 -> id + "\"stray";
                case 3 -> "\"" + id + "\"after";
                default -> id.toUpperCase(java.util.Locale.ROOT);
            };
        }
    }
}
