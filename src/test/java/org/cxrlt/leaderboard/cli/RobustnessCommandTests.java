package org.cxrlt.leaderboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code robustness}: its JSON, its agreement with {@code score}, and every refusal with exit code 2. */
class RobustnessCommandTests {

    @TempDir
    Path dir;

    private Path truth;
    private Path submissions;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void writeFiles() throws IOException {
        SyntheticData data = CxrLt2024.synthetic(CxrLt2024.TASK2_LABELS, 406, 31);
        truth = dir.resolve("truth.csv");
        try (OutputStream o = Files.newOutputStream(truth)) {
            data.writeAnswerKey(o);
        }
        submissions = Files.createDirectories(dir.resolve("entries"));
        double[] skills = {0.7, 0.65, 0.3};
        String[] names = {"team-b.csv", "team-a.csv", "team-c.csv"};
        for (int i = 0; i < names.length; i++) {
            try (OutputStream o = Files.newOutputStream(submissions.resolve(names[i]))) {
                data.writeSubmission(o, skills[i], 100 + i);
            }
        }
        Files.writeString(submissions.resolve(".DS_Store"), "ignored: hidden");
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

    @Test
    void kendallTauIsNullAsAWholeWhenEveryRankingIsAllTied() throws IOException {
        Path tied = Files.createDirectories(dir.resolve("tied"));
        Files.copy(submissions.resolve("team-a.csv"), tied.resolve("one.csv"));
        Files.copy(submissions.resolve("team-a.csv"), tied.resolve("two.csv"));
        Run run = run("robustness", "--truth", truth.toString(), "--submissions", tied.toString(),
                "--replicates", "20", "--seed", "5", "--json");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        Map<String, Object> top = JsonPath.parse(run.out()).read("$");
        assertThat(top).containsEntry("kendallTau", null);
    }

    @Test
    void printsTheDocumentedJsonWhoseMapIsWhatScoreGives() {
        Run run = run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "200", "--seed", "5", "--json");

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        DocumentContext json = JsonPath.parse(run.out());
        Map<String, Object> top = json.read("$");
        assertThat(top.keySet()).containsExactly("replicates", "seed", "entries", "pairs", "kendallTau");
        assertThat(json.read("$.replicates", Integer.class)).isEqualTo(200);
        assertThat(json.read("$.seed", Long.class)).isEqualTo(5L);
        List<Map<String, Object>> entries = json.read("$.entries");
        assertThat(entries).extracting(e -> e.get("name")).containsExactly("team-a.csv", "team-b.csv", "team-c.csv");
        assertThat(entries.get(0).keySet()).containsExactly("name", "mAP", "mAPLow", "mAPHigh", "rankMedian",
                "rankLow", "rankHigh", "pFirst");
        for (Map<String, Object> entry : entries) {
            Run score = run("score", "--truth", truth.toString(), "--submission",
                    submissions.resolve((String) entry.get("name")).toString(), "--json");
            double scored = JsonPath.parse(score.out()).read("$.mAP", Double.class);
            assertThat(((Number) entry.get("mAP")).doubleValue()).isEqualTo(scored);
            assertThat(((Number) entry.get("mAPLow")).doubleValue()).isLessThanOrEqualTo(scored);
            assertThat(((Number) entry.get("mAPHigh")).doubleValue()).isGreaterThanOrEqualTo(scored);
        }
        List<Map<String, Object>> pairs = json.read("$.pairs");
        assertThat(pairs).hasSize(6);
        assertThat(pairs.get(0).keySet()).containsExactly("a", "b", "pABeatsB");
        assertThat(json.read("$.kendallTau", Map.class).keySet()).containsExactly("median", "q1", "q3");
        assertThat(run.err()).contains("robustness: 200 paired bootstrap replicates of 406 images, 3 entries, seed 5")
                .contains("100%");
    }

    @Test
    void theSameSeedPrintsTheSameNumbers() {
        String[] args = {"robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "50", "--seed", "-12", "--json"};
        assertThat(run(args).out()).isEqualTo(run(args).out());
        Run table = run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "50", "--seed", "-12");
        assertThat(table.out()).contains("Paired bootstrap: 50 replicates of 406 images, seed -12")
                .contains("rank  entry").contains("team-a.csv").contains("Kendall's tau");
    }

    @Test
    void withoutASeedDrawsOneAndSaysWhich() {
        Run run = run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "10", "--json");
        long seed = JsonPath.parse(run.out()).read("$.seed", Long.class);
        assertThat(run.err()).contains(", seed " + seed);
    }

    @Test
    void writesTheResamplesItIsAskedFor() throws IOException {
        Path out = dir.resolve("resamples");
        Run run = run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "20", "--seed", "3", "--json", "--write-resamples", "0, 19", "--resample-dir",
                out.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        List<String> counts = Files.readAllLines(out.resolve("resample-19.csv"));
        assertThat(counts.get(0)).isEqualTo("dicom_id,count");
        assertThat(counts).hasSize(407);
        assertThat(counts.stream().skip(1).mapToInt(l -> Integer.parseInt(l.substring(l.indexOf(',') + 1))).sum())
                .isEqualTo(406);
        List<String> scores = Files.readAllLines(out.resolve("resample-0-scores.csv"));
        assertThat(scores.get(0)).isEqualTo("entry,label,ap");
        assertThat(scores).hasSize(1 + 3 * 27);
        assertThat(scores).contains(scores.stream().filter(l -> l.startsWith("\"team-a.csv\",mAP,")).findFirst().orElseThrow());
    }

    @Test
    void refusesEveryBadSubmissionWithExitCode2() throws IOException {
        Files.writeString(submissions.resolve("broken.csv"), "dicom_id,Atelectasis\nx,0.5\n");
        Files.writeString(submissions.resolve("nan.csv"), "dicom_id\nx\n");

        Run run = run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "10", "--seed", "1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: the submission " + submissions.resolve("broken.csv") + " was refused")
                .contains("error: the submission " + submissions.resolve("nan.csv") + " was refused")
                .contains("missing");
    }

    @Test
    void refusesWrongCommandLines() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", empty.toString()),
                "error: the folder " + empty + " holds no submission file");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", truth.toString()),
                "error: --submissions must be a folder of submission files; " + truth + " is a file");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", dir.resolve("nowhere").toString()),
                "does not exist");
        assertRefused(run("robustness", "--submissions", submissions.toString()), "error: --truth is required");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "0"), "error: --replicates must be between 1 and 100000, was 0");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--seed", "abc"), "error: --seed must be a whole number, was \"abc\"");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--replicates", "5", "--write-resamples", "5", "--resample-dir", dir.toString()),
                "error: --write-resamples: replicate 5 does not exist; replicates are numbered 0 to 4");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--write-resamples", "x", "--resample-dir", dir.toString()), "\"x\" is not one");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--resample-dir", dir.toString()), "error: --resample-dir is only used with --write-resamples");
        assertRefused(run("robustness", "--truth", dir.resolve("none.csv").toString(), "--submissions",
                submissions.toString()), "error: no such file: ");
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--bogus"), "error: unknown option \"--bogus\"; " + RobustnessCommand.USAGE);
        assertRefused(run("robustness", "--truth", truth.toString(), "--submissions", submissions.toString(),
                "--write-resamples", "0", "--resample-dir", truth.toString()),
                "error: --resample-dir must be a folder; " + truth + " is a file");
        assertRefused(run("robustness", "--truth", dir.toString(), "--submissions", submissions.toString()),
                "error: cannot read " + dir + " (--truth): a folder, not a file");
    }

    @Test
    void refusesAnAnswerKeyTooSmallForABootstrap() throws IOException {
        StringBuilder key = new StringBuilder("dicom_id");
        StringBuilder entry = new StringBuilder("dicom_id");
        for (int l = 0; l < 40; l++) {
            key.append(",L").append(l);
            entry.append(",L").append(l);
        }
        key.append('\n');
        entry.append('\n');
        for (int row = 0; row < 50; row++) {
            key.append("id").append(row);
            entry.append("id").append(row);
            for (int l = 0; l < 40; l++) {
                key.append(',').append(row == l ? 1 : 0);
                entry.append(",0.5");
            }
            key.append('\n');
            entry.append('\n');
        }
        Path smallKey = Files.writeString(dir.resolve("small.csv"), key);
        Path folder = Files.createDirectories(dir.resolve("small-entries"));
        Files.writeString(folder.resolve("one.csv"), entry);

        Run run = run("robustness", "--truth", smallKey.toString(), "--submissions", folder.toString(),
                "--replicates", "3", "--seed", "1");

        assertRefused(run, "error: the answer key " + smallKey + " was refused; 1 problem:");
        assertThat(run.err()).contains("too small for a bootstrap");
    }

    @Test
    void reportsEveryProblemOfTheCommandLineAtOnce() {
        Run run = run("robustness", "--bogus", "--submissions", dir.resolve("nowhere").toString(), "--replicates",
                "many", "--threads", "0", "--write-resamples", "1,x", "--labels", "A,a");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the command line was refused; 8 problems:",
                "  unknown option \"--bogus\"",
                "  --truth is required",
                "  --submissions must be a folder of submission files; " + dir.resolve("nowhere") + " does not exist",
                "  --replicates must be a whole number, was \"many\"",
                "  --threads must be between 1 and 256, was 0",
                "  --write-resamples takes replicate numbers, comma-separated, e.g. \"0,7,42\"; \"x\" is not one",
                "  --resample-dir is required",
                "  --labels names a label twice",
                RobustnessCommand.USAGE, ""));
    }

    private static void assertRefused(Run run, String message) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message);
    }
}
