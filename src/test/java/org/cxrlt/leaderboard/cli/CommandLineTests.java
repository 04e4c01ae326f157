package org.cxrlt.leaderboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.LabelScore;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTests {

    private static final String TRUTH = """
            dicom_id,Edema,"Round(ed) Atelectasis",Pneumothorax
            a,1,0,0
            b,0,1,0
            c,0,0,1
            d,1,1,0
            """;

    private static final String SUBMISSION = """
            dicom_id,Edema,Round(ed) Atelectasis,Pneumothorax
            a,0.9,0.2,0.1
            b,0.4,0.7,0.3
            c,0.1,0.3,0.8
            d,0.6,0.55,0.2
            """;

    @TempDir
    Path dir;

    private Path truth;
    private Path submission;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void writeFiles() throws IOException {
        truth = write("truth.csv", TRUTH);
        submission = write("submission.csv", SUBMISSION);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void controlCharactersOfAFileArePrintedAsEscapesNotSentToTheTerminal() throws Exception {
        // an escape sequence in a value and a quoted line break in another: each problem stays one
        // line, and the terminal gets no escape
        Path bad = write("bad.csv", "dicom_id,Edema,Round(ed) Atelectasis,Pneumothorax\n"
                + "a,\"\u001b[2J0.9\",0.2,0.1\nb,\"0.4\r\nx\",0.7,0.3\nc,0.1,0.3,0.8\nd,0.6,0.55,0.2\n");
        Run refused = run("score", "--truth", truth.toString(), "--submission", bad.toString());

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).doesNotContain("\u001b", "\r").contains("\\u001b[2J0.9", "0.4\\r\\nx");
        assertThat(refused.err().lines()).hasSize(3);

        // an ignored column's name reaches the table's warnings
        Path named = write("named.csv", SUBMISSION.replace("Pneumothorax\n", "Pneumothorax,\"\u009bnote\"\n")
                .replace("0.1\n", "0.1,n\n").replace("0.3\n", "0.3,n\n").replace("0.8\n", "0.8,n\n")
                .replace("0.2\n", "0.2,n\n"));
        Run table = run("score", "--truth", truth.toString(), "--submission", named.toString());

        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).doesNotContain("\u009b").contains("\\u009bnote");
    }

    @Test
    void anOptionGivenTwiceWithTwoValuesIsRefusedAndTheIdColumnIsNoLabel() {
        Run twice = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--truth",
                submission.toString());
        Run same = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--truth",
                truth.toString());
        Run idAsLabel = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--labels",
                "Edema,dicom_id");

        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err().strip()).isEqualTo("error: --truth is given twice, as \"" + truth + "\" and \""
                + submission + "\"; give it once");
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(idAsLabel.exit()).isEqualTo(2);
        assertThat(idAsLabel.err().strip()).isEqualTo(
                "error: --labels names \"dicom_id\", the id column; list the label columns to score");
    }

    @Test
    void aResultThatCannotBeWrittenIsAnErrorNotExitZero() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        int exit;
        try (PrintStream o = new PrintStream(full, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = CommandLine.run(new String[] {"score", "--truth", truth.toString(), "--submission",
                submission.toString(), "--json"}, o, e);
        }

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "error: the output could not be written (standard output closed, or its disk full)"
                        + System.lineSeparator());
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = CommandLine.run(args, o, e);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Scores scoreInProcess(List<String> labels) throws Exception {
        AnswerKey key;
        try (InputStream in = Files.newInputStream(truth)) {
            key = AnswerKey.read(in, "dicom_id", labels, ReadLimits.DEFAULT);
        }
        try (InputStream in = Files.newInputStream(submission)) {
            return Evaluator.score(key, Submission.read(in, key, ReadLimits.DEFAULT), CxrLt2024.GROUPS);
        }
    }

    @Test
    void recognisesItsCommands() {
        assertThat(CommandLine.handles(new String[] {"score", "--truth", "x"})).isTrue();
        assertThat(CommandLine.handles(new String[] {"generate"})).isTrue();
        assertThat(CommandLine.handles(new String[] {"submit", "--help"})).isTrue();
        assertThat(CommandLine.handles(new String[] {"--server.port=8080"})).isFalse();
        assertThat(CommandLine.handles(new String[] {"--server.port=8080", "--cxrlt.demo.enabled=false"})).isFalse();
        assertThat(CommandLine.handles(new String[] {"serve", "--server.port=8080"})).isFalse();
        assertThat(CommandLine.handles(new String[0])).isFalse();
        // anything else is a command, refused with the usage if unknown, rather than starting the service
        assertThat(CommandLine.handles(new String[] {"frobnicate"})).isTrue();
        assertThat(CommandLine.handles(new String[] {"--help"})).isTrue();
        assertThat(CommandLine.handles(new String[] {"-h"})).isTrue();
    }

    @Test
    void printsTheScoresAsJsonForAGoodPair() throws Exception {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        String json = run.out().strip();
        assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n");
        DocumentContext doc = JsonPath.parse(json);
        Map<String, Object> object = doc.read("$");
        assertThat(object).containsOnlyKeys("mAP", "mAUROC", "mF1", "mECE", "rows", "labels", "groups", "warnings");

        Scores expected = scoreInProcess(null);
        assertThat(doc.read("$.mAP", Double.class)).isEqualTo(expected.mAP());
        assertThat(doc.read("$.mAUROC", Double.class)).isEqualTo(expected.mAUROC());
        assertThat(doc.read("$.mF1", Double.class)).isEqualTo(expected.mF1());
        assertThat(doc.read("$.mECE", Double.class)).isEqualTo(expected.mECE());
        assertThat(doc.read("$.rows", Integer.class)).isEqualTo(4);
        List<String> labels = doc.read("$.labels[*].label");
        assertThat(labels).containsExactly("Edema", "Round(ed) Atelectasis", "Pneumothorax");
        for (int i = 0; i < 3; i++) {
            LabelScore s = expected.labels().get(i);
            String at = "$.labels[" + i + "].";
            Map<String, Object> label = doc.read("$.labels[" + i + "]");
            assertThat(label).containsOnlyKeys("label", "ap", "auroc", "f1", "ece", "positives");
            assertThat(doc.read(at + "ap", Double.class)).isEqualTo(s.ap());
            assertThat(doc.read(at + "auroc", Double.class)).isEqualTo(s.auroc());
            assertThat(doc.read(at + "f1", Double.class)).isEqualTo(s.f1());
            assertThat(doc.read(at + "ece", Double.class)).isEqualTo(s.ece());
        }
        assertThat(doc.read("$.labels[*].positives", List.class)).containsExactly(2, 2, 1);
        // Edema and Pneumothorax are head/medium labels with training counts; Round(ed) Atelectasis is tail
        Map<String, Object> groups = doc.read("$.groups");
        assertThat(groups).containsOnlyKeys("head", "medium", "tail");
        assertThat(doc.read("$.groups.head", Double.class)).isEqualTo(expected.groups().head());
        assertThat(doc.read("$.groups.medium", Double.class)).isEqualTo(expected.groups().medium());
        assertThat(doc.read("$.groups.tail", Double.class)).isEqualTo(expected.groups().tail());
        assertThat(doc.read("$.warnings", List.class)).isEmpty();
        // sanity of the sample itself: a perfect ranking on Pneumothorax
        assertThat(doc.read("$.labels[2].auroc", Double.class)).isEqualTo(1.0);
    }

    @Test
    void writesNullForAGroupWithoutLabelsAndListsWarningsInJson() throws Exception {
        write("truth.csv", """
                dicom_id,subject_id,Bulla,Hilum
                a,1,1,0
                b,2,0,1
                c,3,0,0
                """);
        write("submission.csv", """
                dicom_id,Bulla,Hilum,model
                a,0.9,0.1,v1
                b,0.2,0.8,v1
                c,0.1,0.1,v1
                zz,0.5,0.5,v1
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--labels",
                "Bulla, Hilum", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        DocumentContext doc = JsonPath.parse(run.out());
        Map<String, Object> groups = doc.read("$.groups");
        assertThat(groups).containsEntry("head", null).containsEntry("medium", null).containsEntry("tail", null);
        List<String> warnings = doc.read("$.warnings");
        assertThat(warnings).containsExactly(
                "answer key: ignored 1 column of the answer key that is not scored: subject_id",
                "submission: ignored 1 column that is not scored: model",
                "submission: ignored 1 row whose dicom_id is not in the answer key, e.g. zz");
    }

    @Test
    void escapesLabelsInJson() throws Exception {
        write("truth.csv", "dicom_id,\"A \"\"quoted\"\" \\ label\",B\na,1,0\nb,0,1\n");
        write("submission.csv", "dicom_id,B,\"A \"\"quoted\"\" \\ label\"\na,0.1,0.9\nb,0.8,0.3\n");
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> labels = JsonPath.parse(run.out()).read("$.labels[*].label");
        assertThat(labels).containsExactly("A \"quoted\" \\ label", "B");
    }

    @Test
    void printsAReadableTableWithoutJson() throws Exception {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        Scores expected = scoreInProcess(null);
        assertThat(run.out())
                .contains("Scored 4 rows, 3 labels.")
                .contains("Edema", "Round(ed) Atelectasis", "Pneumothorax")
                .contains(String.format(java.util.Locale.ROOT, "mAP (primary) = %.6f", expected.mAP()))
                .contains("mAP by group:")
                .doesNotContain("warnings:")
                .doesNotStartWith("{");
        assertThat(run.out().lines().filter(l -> l.startsWith("Pneumothorax")).findFirst()).hasValueSatisfying(
                line -> assertThat(line.split("\\s+")).containsExactly("Pneumothorax", "1",
                        fixed(expected.labels().get(2).ap()), "1.0000", fixed(expected.labels().get(2).f1()),
                        fixed(expected.labels().get(2).ece())));
    }

    private static String fixed(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    @Test
    void restrictsAndOrdersTheLabelsWithTheLabelsOption() throws Exception {
        // the submission need not have the labels left out
        write("submission.csv", """
                dicom_id,Edema,Pneumothorax
                a,0.9,0.1
                b,0.4,0.3
                c,0.1,0.8
                d,0.6,0.2
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--labels=Pneumothorax,Edema", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        DocumentContext doc = JsonPath.parse(run.out());
        List<String> labels = doc.read("$.labels[*].label");
        assertThat(labels).containsExactly("Pneumothorax", "Edema");
        Scores expected = scoreInProcess(List.of("Pneumothorax", "Edema"));
        assertThat(doc.read("$.mAP", Double.class)).isEqualTo(expected.mAP());
        List<String> warnings = doc.read("$.warnings");
        assertThat(warnings).containsExactly(
                "answer key: ignored 1 column of the answer key that is not scored: Round(ed) Atelectasis");
    }

    @Test
    void refusesASubmissionWithEveryProblemOnStderr() throws Exception {
        write("submission.csv", """
                dicom_id,Edema,Round(ed) Atelectasis,Pneumothorax
                a,0.9,nan,0.1
                b,0.4,0.7,1.5
                b,0.4,0.7,0.3
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--json");
        assertThat(run.exit()).isEqualTo(CommandLine.REFUSED).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "error: the submission " + submission + " was refused; 4 problems:",
                "  line 2, column \"Round(ed) Atelectasis\", value \"nan\":"
                        + " a prediction must be a probability in [0, 1]: NaN is not allowed",
                "  line 3, column \"Pneumothorax\", value \"1.5\": a prediction must be a probability in [0, 1]:"
                        + " outside [0, 1]",
                "  line 4, column \"dicom_id\", value \"b\": the id appears more than once (first on line 3)",
                "  2 of the answer key's 4 ids are missing from the submission, e.g. c, d");
    }

    @Test
    void refusesAnAnswerKeyNamingIt() throws Exception {
        write("truth.csv", """
                dicom_id,Edema
                a,1
                b,1
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "error: the answer key " + truth + " was refused; 1 problem:",
                "  column \"Edema\": label \"Edema\" has no negative row: AUROC is undefined for it");
    }

    @Test
    void refusesAnAnswerKeyMissingALabelAskedFor() throws Exception {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--labels", "Edema,Mass");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("error: the answer key " + truth + " was refused; 1 problem:")
                .contains("  line 1: label column \"Mass\" is missing from the header");
    }

    @Test
    void appliesTheUncompressedSizeLimitOption() throws Exception {
        Path zip = dir.resolve("submission.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("preds/submission.csv"));
            out.write(SUBMISSION.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Run ok = run("score", "--truth", truth.toString(), "--submission", zip.toString(), "--json");
        assertThat(ok.exit()).as(ok.err()).isZero();
        Run refused = run("score", "--truth", truth.toString(), "--submission", zip.toString(),
                "--max-uncompressed-bytes", "50");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("error: the submission " + zip + " was refused; 1 problem:",
                "the zip file expands to more than 50 bytes, the limit; refused as a possible decompression bomb");
    }

    @Test
    void appliesTheRecordLengthLimitOption() throws Exception {
        Path longRecord = write("long.csv", SUBMISSION + "extra,\"0.5," + "x".repeat(500) + "\n");
        Run withinDefault = run("score", "--truth", truth.toString(), "--submission", longRecord.toString());
        // under the default limit the same record is read, and refused as malformed (never closed)
        assertThat(withinDefault.err()).contains("a quoted field is not closed before the end of the file");
        Run refused = run("score", "--truth", truth.toString(), "--submission", longRecord.toString(),
                "--max-record-bytes", "100");
        assertThat(refused.exit()).isEqualTo(2);
        long line = SUBMISSION.lines().count() + 1;
        assertThat(refused.err()).isEqualTo("error: the submission " + longRecord + " was refused; 1 problem:"
                + System.lineSeparator() + "  line " + line + ": the record starting on this line is longer than 100"
                + " bytes, the limit for one record (a quote that is never closed makes one record of the rest of the"
                + " file)" + System.lineSeparator());
        Run zero = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--max-record-bytes", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err().strip()).isEqualTo("error: --max-record-bytes must be positive, was 0");
    }

    @Test
    void refusesAMissingTruthOption() {
        Run run = run("score", "--submission", submission.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("error: --truth is required; " + CommandLine.SCORE_USAGE);
    }

    @Test
    void refusesAMissingSubmissionOption() {
        Run run = run("score", "--truth", truth.toString(), "--json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --submission is required; " + CommandLine.SCORE_USAGE);
    }

    @Test
    void refusesAnUnknownOption() {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--verbose");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip())
                .isEqualTo("error: unknown option \"--verbose\"; " + CommandLine.SCORE_USAGE);
    }

    @Test
    void reportsEveryProblemOfAScoreCommandLineAtOnce() {
        Path missing = dir.resolve("nope.csv");
        Run run = run("score", "--verbose", "--submission", missing.toString(), "--max-record-bytes", "lots",
                "--labels", " , ", "--max-uncompressed-bytes");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the command line was refused; 6 problems:",
                "  unknown option \"--verbose\"",
                "  --max-uncompressed-bytes needs a value",
                "  --truth is required",
                "  no such file: " + missing + " (--submission)",
                "  --labels names no label; give them comma-separated, e.g. --labels \"Edema,Mass\"",
                "  --max-record-bytes must be a whole number, was \"lots\"",
                CommandLine.SCORE_USAGE, ""));
    }

    @Test
    void reportsEveryProblemOfAGenerateCommandLineAtOnce() {
        Run run = run("generate", "--rows", "1", "--seed", "x", "--skill", "2");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the command line was refused; 5 problems:",
                "  --task is required",
                "  --rows must be between 2 and 10000000, was 1",
                "  --seed must be a whole number, was \"x\"",
                "  --skill must be a number in [0, 1], was \"2\"",
                "  --out is required",
                CommandLine.GENERATE_USAGE, ""));
        // without an option missing or unknown, the usage is left out
        Run numbers = run("generate", "--task", "task1", "--rows", "1", "--seed", "x", "--out",
                dir.resolve("g").toString());
        assertThat(numbers.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the command line was refused; 2 problems:",
                "  --rows must be between 2 and 10000000, was 1",
                "  --seed must be a whole number, was \"x\"", ""));
        assertThat(Files.exists(dir.resolve("g"))).isFalse();
    }

    @Test
    void refusesAnOptionWithoutItsValue() {
        Run run = run("score", "--submission", submission.toString(), "--truth");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --truth needs a value; " + CommandLine.SCORE_USAGE);
    }

    @Test
    void refusesAFileThatDoesNotExist() {
        Path missing = dir.resolve("nope.csv");
        Run truthMissing = run("score", "--truth", missing.toString(), "--submission", submission.toString());
        assertThat(truthMissing.exit()).isEqualTo(2);
        assertThat(truthMissing.err().strip()).isEqualTo("error: no such file: " + missing + " (--truth)");
        Run submissionMissing = run("score", "--truth", truth.toString(), "--submission", missing.toString());
        assertThat(submissionMissing.exit()).isEqualTo(2);
        assertThat(submissionMissing.out()).isEmpty();
        assertThat(submissionMissing.err().strip()).isEqualTo("error: no such file: " + missing + " (--submission)");
    }

    @Test
    void foldersGivenForFilesAreRefusedNamingEachOption() {
        Run run = run("score", "--truth", dir.toString(), "--submission", submission.toString(), "--definition",
                dir.toString(), "--task", "");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the command line was refused; 3 problems:",
                "  cannot read " + dir + " (--truth): a folder, not a file",
                "  --task is empty: give a value or leave the option out",
                "  cannot read " + dir + " (--definition): a folder, not a file", ""));
    }

    @Test
    void refusesATruthFileThatDoesNotExistWhenLabelsAreGiven() {
        Path missing = dir.resolve("nope.csv.gz");
        Run run = run("score", "--truth", missing.toString(), "--submission", submission.toString(),
                "--labels", "Edema");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("error: no such file: " + missing + " (--truth)");
    }

    @Test
    void reportsTheAnswerKeyWhenBothFilesAreRefused() throws Exception {
        write("truth.csv", "dicom_id,Edema,Round(ed) Atelectasis,Pneumothorax\na,1,0,0\na,0,1,1\n");
        write("submission.csv", "dicom_id,Edema\na,0.5\n");
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().toList()).containsExactly(
                "error: the answer key " + truth + " was refused; 1 problem:",
                "  line 3, column \"dicom_id\", value \"a\": the id appears more than once (first on line 2)");
    }

    @Test
    void refusesAnEmptyLabelsOption() {
        for (String labels : new String[] {"", " , ,"}) {
            Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                    "--labels", labels);
            assertThat(run.exit()).as("--labels \"%s\"", labels).isEqualTo(2);
            assertThat(run.err().strip()).isEqualTo(
                    "error: --labels names no label; give them comma-separated, e.g. --labels \"Edema,Mass\"");
        }
    }

    @Test
    void refusesALabelNamedTwice() {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--labels", "Edema,edema");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --labels names a label twice");
    }

    @Test
    void refusesAnUnknownCommand() {
        for (String command : new String[] {"frobnicate", "--help", "--port"}) {
            Run run = run(command, "1");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: unknown command \"" + command + "\": expected score, generate,"
                            + " robustness, submit or serve (or nothing) to start the service")
                    .contains(CommandLine.SCORE_USAGE, CommandLine.GENERATE_USAGE, RobustnessCommand.USAGE,
                            SubmitCommand.USAGE);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void refusesNoCommandWithBothUsages() {
        Run run = run();
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: no command given: expected score, generate or robustness")
                .contains(CommandLine.SCORE_USAGE, CommandLine.GENERATE_USAGE);
    }

    @Test
    void answersHelpWithTheUsage() {
        Run run = run("generate", "--help");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: " + CommandLine.GENERATE_USAGE);
    }

    @Test
    void generatesFilesThatScoreCleanly() throws Exception {
        Path out = dir.resolve("generated");
        Run generate = run("generate", "--task", "task2", "--rows", "300", "--seed", "5", "--out", out.toString());
        assertThat(generate.exit()).as(generate.err()).isZero();
        Path generatedTruth = out.resolve("truth.csv");
        Path generatedSubmission = out.resolve("submission.csv");
        assertThat(generate.out().strip()).isEqualTo("wrote " + generatedTruth + " and " + generatedSubmission
                + " (task2, 300 rows, 26 labels, synthetic)");
        List<String> truthLines = Files.readAllLines(generatedTruth);
        assertThat(truthLines).hasSize(301);
        assertThat(truthLines.get(0)).isEqualTo("dicom_id," + String.join(",", CxrLt2024.TASK2_LABELS));

        Run score = run("score", "--truth", generatedTruth.toString(), "--submission", generatedSubmission.toString(),
                "--json");
        assertThat(score.exit()).as(score.err()).isZero();
        DocumentContext doc = JsonPath.parse(score.out());
        assertThat(doc.read("$.rows", Integer.class)).isEqualTo(300);
        List<String> labels = doc.read("$.labels[*].label");
        assertThat(labels).isEqualTo(CxrLt2024.TASK2_LABELS);
        assertThat(doc.read("$.mAP", Double.class)).isStrictlyBetween(0.0, 1.0);
        assertThat(doc.read("$.warnings", List.class)).isEmpty();
    }

    @Test
    void refusesAnOutputThatIsNotAWritableFolderWithoutATrace() throws Exception {
        Path file = Files.writeString(dir.resolve("existing.txt"), "keep me\n");
        Run onAFile = run("generate", "--task", "task2", "--rows", "100", "--seed", "1", "--out", file.toString());
        assertThat(onAFile.exit()).isEqualTo(2);
        assertThat(onAFile.err().strip()).isEqualTo("error: --out must be a folder; " + file + " is a file");
        assertThat(Files.readString(file)).isEqualTo("keep me\n");

        Path under = file.resolve("sub");
        Run underAFile = run("generate", "--task", "task2", "--rows", "100", "--seed", "1", "--out", under.toString());
        assertThat(underAFile.exit()).isEqualTo(2);
        assertThat(underAFile.err().strip()).startsWith("error: cannot create the folder " + under + " (--out): ")
                .doesNotContain("Exception").doesNotContain("\tat ");

        Files.createDirectories(dir.resolve("taken").resolve("truth.csv"));
        Run overAFolder = run("generate", "--task", "task2", "--rows", "100", "--seed", "1", "--out",
                dir.resolve("taken").toString());
        assertThat(overAFolder.exit()).isEqualTo(2);
        assertThat(overAFolder.err().strip()).startsWith("error: cannot write " + dir.resolve("taken").resolve("truth.csv")
                + ": ").doesNotContain("Exception");
    }

    @Test
    void generatesIdenticalFilesFromTheSameSeed() throws Exception {
        List<byte[]> firstAndSecond = new ArrayList<>();
        for (String name : new String[] {"one", "two", "three"}) {
            String seed = name.equals("three") ? "8" : "7";
            Run run = run("generate", "--task", "task3", "--rows", "50", "--seed", seed, "--out",
                    dir.resolve(name).toString());
            assertThat(run.exit()).as(run.err()).isZero();
            firstAndSecond.add(Files.readAllBytes(dir.resolve(name).resolve("truth.csv")));
            firstAndSecond.add(Files.readAllBytes(dir.resolve(name).resolve("submission.csv")));
        }
        assertThat(firstAndSecond.get(2)).isEqualTo(firstAndSecond.get(0));
        assertThat(firstAndSecond.get(3)).isEqualTo(firstAndSecond.get(1));
        assertThat(firstAndSecond.get(4)).isNotEqualTo(firstAndSecond.get(0));
        assertThat(firstAndSecond.get(5)).isNotEqualTo(firstAndSecond.get(1));
    }

    @Test
    void generatesAScorableKeyEvenWithTwoRows() throws Exception {
        Path out = dir.resolve("tiny");
        assertThat(run("generate", "--task", "task1", "--rows", "2", "--seed", "1", "--out", out.toString()).exit())
                .isZero();
        Run score = run("score", "--truth", out.resolve("truth.csv").toString(), "--submission",
                out.resolve("submission.csv").toString());
        assertThat(score.exit()).as(score.err()).isZero();
        assertThat(score.out()).contains("Scored 2 rows, 40 labels.");
    }

    @Test
    void refusesBadGenerateOptions() {
        String out = dir.resolve("g").toString();
        assertThat(run("generate", "--task", "task4", "--rows", "10", "--seed", "1", "--out", out).err().strip())
                .isEqualTo("error: --task must be task1, task2 or task3, was \"task4\"");
        assertThat(run("generate", "--task", "task1", "--rows", "1", "--seed", "1", "--out", out).err().strip())
                .isEqualTo("error: --rows must be between 2 and 10000000, was 1");
        assertThat(run("generate", "--task", "task1", "--rows", "ten", "--seed", "1", "--out", out).err().strip())
                .isEqualTo("error: --rows must be a whole number, was \"ten\"");
        assertThat(run("generate", "--task", "task1", "--rows", "10", "--seed", "1", "--out", out, "--skill", "2")
                .err().strip()).isEqualTo("error: --skill must be a number in [0, 1], was \"2\"");
        for (String notPlain : new String[] {"0x1p-1", "0.5d", "0.5f", "NaN", "Infinity"}) {
            Run refused = run("generate", "--task", "task1", "--rows", "10", "--seed", "1", "--out", out, "--skill",
                    notPlain);
            assertThat(refused.exit()).as(notPlain).isEqualTo(2);
            assertThat(refused.err().strip()).isEqualTo("error: --skill must be a number in [0, 1], was \""
                    + notPlain + "\"");
        }
        assertThat(run("generate", "--task", "task1", "--rows", "10", "--seed", "1", "--out",
                dir.resolve("plain").toString(), "--skill", "5E-1").exit()).isZero();
        Run missingOut = run("generate", "--task", "task1", "--rows", "10", "--seed", "1");
        assertThat(missingOut.exit()).isEqualTo(2);
        assertThat(missingOut.err().strip()).isEqualTo("error: --out is required; " + CommandLine.GENERATE_USAGE);
        assertThat(Files.exists(dir.resolve("g"))).isFalse();
    }
}
