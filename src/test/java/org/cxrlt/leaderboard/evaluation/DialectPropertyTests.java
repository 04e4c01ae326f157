package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random valid submissions written in every dialect the core accepts score exactly like the same
 * numbers in a plain CSV: line ends (LF, CRLF, CR), BOM, quoting (also of fields holding commas,
 * quotes and line breaks), column and row order, extra columns (named, unnamed, repeated), rows
 * of other images, blank lines, and the containers: gzip, zip STORED or DEFLATED with and
 * without data descriptors, Zip64, names in code page 437 or UTF-8 with or without the flag,
 * macOS shadows beside the CSV, read from a stream or from a file. The plain CSV itself is
 * pinned to scikit-learn by the golden fixtures.
 */
class DialectPropertyTests {

    private static final int TRIALS = 400;
    private static final List<String> LABEL_POOL = List.of("Edema", "Round(ed) Atelectasis", "Lung Opacity",
            "Pleural \"Other\"", "Mass, lung");
    private static final Charset CP437 = Charset.forName("IBM437");

    @TempDir
    Path temp;

    @Test
    void everyDialectScoresExactlyLikeThePlainCsv() throws Exception {
        SplittableRandom random = new SplittableRandom(20241130);
        for (int trial = 0; trial < TRIALS; trial++) {
            Case c = Case.random(random);
            AnswerKey key = AnswerKey.read(new ByteArrayInputStream(c.keyCsv()), "dicom_id", c.labels(), ReadLimits.DEFAULT);
            Scores plain = Evaluator.score(key, Submission.read(new ByteArrayInputStream(c.plainCsv()), key,
                    ReadLimits.DEFAULT));

            StringBuilder dialect = new StringBuilder();
            byte[] csv = c.variantCsv(random, dialect);
            byte[] file = container(csv, random, dialect);
            Submission submission;
            if (random.nextBoolean()) {
                Path path = temp.resolve("trial" + trial);
                Files.write(path, file);
                dialect.append(", from a file");
                submission = Submission.read(path, key, ReadLimits.DEFAULT);
            } else {
                submission = Submission.read(new ByteArrayInputStream(file), key, ReadLimits.DEFAULT);
            }
            Scores scores = Evaluator.score(key, submission);
            String where = "trial " + trial + " (" + dialect + ")";
            assertThat(scores.labels()).as(where).isEqualTo(plain.labels());
            assertThat(List.of(scores.mAP(), scores.mAUROC(), scores.mF1(), scores.mECE())).as(where)
                    .isEqualTo(List.of(plain.mAP(), plain.mAUROC(), plain.mF1(), plain.mECE()));
            assertThat(scores.groups()).as(where).isEqualTo(plain.groups());
        }
    }

    private static byte[] container(byte[] csv, SplittableRandom random, StringBuilder dialect) throws Exception {
        int kind = random.nextInt(6);
        switch (kind) {
            case 0 -> {
                dialect.append(", plain");
                return csv;
            }
            case 1 -> {
                dialect.append(", gzip");
                return CsvFixtures.gzip(csv);
            }
            case 2 -> {
                dialect.append(", zip from ZipOutputStream");
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                    zip.putNextEntry(new ZipEntry("out/sub.csv"));
                    zip.write(csv);
                    zip.closeEntry();
                }
                return bytes.toByteArray();
            }
            default -> {
                boolean deflated = random.nextBoolean();
                boolean descriptor = random.nextBoolean();
                boolean zip64 = random.nextInt(4) == 0;
                int naming = random.nextInt(3); // 0: CP437 bytes, 1: UTF-8 with the flag, 2: UTF-8 without it
                String name = List.of("résultats/prédictions.csv", "submission.csv", "Ergebnis/Vorhersage_ä.CSV")
                        .get(random.nextInt(3));
                byte[] rawName = naming == 0 ? name.getBytes(CP437) : name.getBytes(StandardCharsets.UTF_8);
                dialect.append(", zip ").append(deflated ? "DEFLATED" : "STORED")
                        .append(descriptor ? " with data descriptors" : "").append(zip64 ? ", Zip64" : "")
                        .append(naming == 0 ? ", CP437 names" : naming == 1 ? ", UTF-8 flagged names" : ", UTF-8 names unflagged");
                List<ZipBytes.Entry> entries = new ArrayList<>();
                entries.add(new ZipBytes.Entry("code/train.py".getBytes(StandardCharsets.US_ASCII),
                        "print(1)\n".getBytes(StandardCharsets.US_ASCII), deflated, descriptor, false));
                entries.add(new ZipBytes.Entry(rawName, csv, deflated, descriptor, naming == 1));
                String base = name.substring(name.lastIndexOf('/') + 1);
                byte[] shadow = {0, 5, 22, 7, 0, 2, 0, 0};
                entries.add(new ZipBytes.Entry(("__MACOSX/._" + base).getBytes(StandardCharsets.UTF_8), shadow,
                        deflated, descriptor, true));
                entries.add(new ZipBytes.Entry(("._" + base).getBytes(StandardCharsets.UTF_8), shadow, deflated,
                        descriptor, true));
                Collections.shuffle(entries, new Random(random.nextLong()));
                return ZipBytes.write(entries, zip64);
            }
        }
    }

    /** An answer key and predictions for it. */
    private record Case(List<String> labels, List<String> ids, int[][] truth, double[][] predictions) {

        static Case random(SplittableRandom random) {
            List<String> pool = new ArrayList<>(LABEL_POOL);
            Collections.shuffle(pool, new Random(random.nextLong()));
            List<String> labels = List.copyOf(pool.subList(0, 1 + random.nextInt(pool.size())));
            int rows = 2 + random.nextInt(40);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                ids.add(String.format("%08x-%08x", random.nextInt(), i));
            }
            int[][] truth = new int[labels.size()][rows];
            double[][] predictions = new double[labels.size()][rows];
            for (int l = 0; l < labels.size(); l++) {
                for (int i = 0; i < rows; i++) {
                    truth[l][i] = random.nextInt(3) == 0 ? 1 : 0;
                    predictions[l][i] = switch (random.nextInt(5)) {
                        case 0 -> random.nextInt(11) / 10.0;
                        case 1 -> 0.5;
                        default -> random.nextDouble();
                    };
                }
                truth[l][0] = 1; // a positive and a negative for every label
                truth[l][1] = 0;
            }
            return new Case(labels, ids, truth, predictions);
        }

        byte[] keyCsv() {
            StringBuilder csv = new StringBuilder("dicom_id");
            labels.forEach(l -> csv.append(',').append(quote(l)));
            csv.append('\n');
            for (int i = 0; i < ids.size(); i++) {
                csv.append(ids.get(i));
                for (int[] column : truth) {
                    csv.append(',').append(column[i]);
                }
                csv.append('\n');
            }
            return csv.toString().getBytes(StandardCharsets.UTF_8);
        }

        byte[] plainCsv() {
            StringBuilder csv = new StringBuilder("dicom_id");
            labels.forEach(l -> csv.append(',').append(quote(l)));
            csv.append('\n');
            for (int i = 0; i < ids.size(); i++) {
                csv.append(ids.get(i));
                for (double[] column : predictions) {
                    csv.append(',').append(column[i]);
                }
                csv.append('\n');
            }
            return csv.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** The same predictions in a random dialect, described in {@code dialect}. */
        byte[] variantCsv(SplittableRandom random, StringBuilder dialect) {
            List<String> header = new ArrayList<>();
            header.add("dicom_id");
            header.addAll(labels);
            int extras = random.nextInt(5);
            List<String> extraNames = List.of("", "", "note", "note", "Unnamed: 0", "subject_id");
            for (int e = 0; e < extras; e++) {
                header.add("\u0000extra" + extraNames.get(random.nextInt(extraNames.size())));
            }
            Collections.shuffle(header, new Random(random.nextLong()));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(random.nextLong()));
            int otherRows = random.nextInt(4);

            String eol = List.of("\n", "\r\n", "\r").get(random.nextInt(3));
            boolean bom = random.nextBoolean();
            boolean finalNewline = random.nextBoolean();
            double quoting = random.nextInt(3) / 4.0;
            boolean blankLines = random.nextInt(4) == 0;
            dialect.append(eol.equals("\n") ? "LF" : eol.equals("\r\n") ? "CRLF" : "CR")
                    .append(bom ? ", BOM" : "").append(finalNewline ? "" : ", no final newline")
                    .append(", quoting ").append(quoting).append(", ").append(extras).append(" extra columns, ")
                    .append(otherRows).append(" rows of other images").append(blankLines ? ", blank lines" : "");

            List<String> lines = new ArrayList<>();
            lines.add(String.join(",", header.stream().map(h -> h.startsWith("\u0000extra")
                    ? field(h.substring(6), random, quoting) : field(h, random, quoting)).toList()));
            List<List<String>> records = new ArrayList<>();
            for (int i : order) {
                records.add(row(header, ids.get(i), i, random, quoting));
            }
            for (int r = 0; r < otherRows; r++) {
                records.add(random.nextInt(records.size() + 1), row(header, "other-" + r, -1, random, quoting));
            }
            for (List<String> record : records) {
                lines.add(String.join(",", record));
                if (blankLines && random.nextInt(5) == 0) {
                    lines.add("");
                }
            }
            String text = String.join(eol, lines) + (finalNewline ? eol : "");
            return ((bom ? "\uFEFF" : "") + text).getBytes(StandardCharsets.UTF_8);
        }

        private List<String> row(List<String> header, String id, int row, SplittableRandom random, double quoting) {
            List<String> cells = new ArrayList<>();
            for (String column : header) {
                String value;
                if (column.equals("dicom_id")) {
                    value = id;
                } else if (column.startsWith("\u0000extra")) {
                    value = List.of("", "x", "a,b", "say \"hi\"", "two\nlines", "3.5", "0,25").get(random.nextInt(7));
                } else {
                    int l = labels.indexOf(column);
                    // rows of other images may hold anything: they are not read
                    value = row < 0 ? List.of("oops", "7", "").get(random.nextInt(3)) : format(predictions[l][row], random);
                }
                cells.add(field(value, random, quoting));
            }
            return cells;
        }

        /** The double in a notation that reads back as the same double. */
        private static String format(double value, SplittableRandom random) {
            String text = switch (random.nextInt(4)) {
                case 0 -> String.format("%.17g", value);
                case 1 -> String.format("%.16e", value);
                case 2 -> " " + value + " ";
                default -> Double.toString(value);
            };
            if (Double.parseDouble(text.strip()) != value) {
                return Double.toString(value);
            }
            return text;
        }

        private static String field(String value, SplittableRandom random, double quoting) {
            boolean must = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
            if (must || random.nextDouble() < quoting) {
                return quote(value, true);
            }
            return value;
        }

        private static String quote(String value) {
            boolean must = value.contains(",") || value.contains("\"") || value.contains("\n");
            return must ? quote(value, true) : value;
        }

        private static String quote(String value, boolean always) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
    }
}
