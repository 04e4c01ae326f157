package org.cxrlt.leaderboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.LabelGroup;
import org.cxrlt.leaderboard.evaluation.LabelGroups;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score --definition FILE}: another challenge's id column and groups, offline. */
class DefinitionOptionTests {

    private static final String DEFINITION = """
            {"title":"A demo","idColumn":"image_id","trainingImages":1000,
             "groupRule":{"headAbove":100,"tailBelow":10},"metricsShown":["mAP","mAUROC"],
             "tasks":[{"slug":"main","labels":[{"name":"A","trainingCount":500},{"name":"B","trainingCount":50},
               {"name":"C","trainingCount":5},{"name":"D","group":"head"},"E"],
               "phases":[{"slug":"development","opensAt":"2026-01-01T00:00:00Z"}]}]}
            """;
    private static final String TRUTH = """
            image_id,A,B,C,D,E
            i1,1,0,1,0,1
            i2,0,1,0,1,0
            i3,1,1,0,0,1
            i4,0,0,1,1,0
            """;
    private static final String SUBMISSION = """
            image_id,E,D,C,B,A
            i1,0.9,0.2,0.8,0.1,0.7
            i2,0.1,0.7,0.3,0.6,0.2
            i3,0.6,0.4,0.2,0.9,0.8
            i4,0.3,0.8,0.6,0.3,0.4
            """;

    @TempDir
    Path dir;

    private Path definition;
    private Path truth;
    private Path submission;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void writeFiles() throws IOException {
        definition = write("definition.json", DEFINITION);
        truth = write("truth.csv", TRUTH);
        submission = write("submission.csv", SUBMISSION);
    }

    @Test
    void theJarsOwnDefinitionPassesTheShapeCheckItSkipsWhenScoring() throws Exception {
        // `score` without --definition reads the built-in definition without the shape check
        // (it is ours); this is where that check is made instead.
        String text;
        try (InputStream in = Definition.class.getClassLoader().getResourceAsStream(Definition.CXR_LT_2024)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Definition checked = Definition.parse(text);

        assertThat(checked.task("task1")).usingRecursiveComparison()
                .isEqualTo(Definition.cxrLt2024().task("task1"));
    }

    @Test
    void scoresWithTheDefinitionsIdColumnAndGroups() throws Exception {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--json",
                "--definition", definition.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        DocumentContext doc = JsonPath.parse(run.out());
        // groups computed here: A head (500 > 100), B medium, C tail (5 < 10), D head as given, E none
        LabelGroups groups = LabelGroups.of(Map.of("A", LabelGroup.HEAD, "B", LabelGroup.MEDIUM, "C", LabelGroup.TAIL,
                "D", LabelGroup.HEAD));
        Scores expected = expected(groups);
        assertThat(doc.read("$.groups.head", Double.class)).isEqualTo(expected.groups().head());
        assertThat(doc.read("$.groups.medium", Double.class)).isEqualTo(expected.groups().medium());
        assertThat(doc.read("$.groups.tail", Double.class)).isEqualTo(expected.groups().tail());
        assertThat(expected.groups().head()).isEqualTo((expected.labels().get(0).ap() + expected.labels().get(3).ap()) / 2);
        assertThat(doc.read("$.mAP", Double.class)).isEqualTo(expected.mAP());
    }

    @Test
    void aTaskOfTheDefinitionNamesTheLabelsScoredInItsOrder() throws Exception {
        Path wider = write("wider.csv", TRUTH.replace("image_id,A,B,C,D,E", "image_id,A,B,C,D,E,path")
                .replaceAll("(?m)^(i\\d.*)$", "$1,x"));
        Run run = run("score", "--truth", wider.toString(), "--submission", submission.toString(), "--json",
                "--definition", definition.toString(), "--task", "main");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> labels = JsonPath.parse(run.out()).read("$.labels[*].label");
        assertThat(labels).containsExactly("A", "B", "C", "D", "E");
    }

    @Test
    void readsAChallengeAsTheServiceAnswersAGetWithIt() throws Exception {
        Path got = write("got.json", """
                {"slug":"demo","title":"A demo","idColumn":"image_id","trainingImages":null,
                 "groupRule":{"headAbove":100,"tailBelow":10},"metricsShown":["mAP"],
                 "tasks":[{"slug":"main","title":"main","labels":["A","B","C","D","E"],
                   "labelDefinitions":[{"name":"A","trainingCount":500},{"name":"B","trainingCount":50},
                     {"name":"C","trainingCount":5},{"name":"D","group":"head"},{"name":"E"}],
                   "groups":{"head":["A","D"],"medium":["B"],"tail":["C"]},"phases":[]}]}
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(), "--json",
                "--definition", got.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        Scores expected = expected(LabelGroups.of(Map.of("A", LabelGroup.HEAD, "B", LabelGroup.MEDIUM,
                "C", LabelGroup.TAIL, "D", LabelGroup.HEAD)));
        assertThat(JsonPath.parse(run.out()).read("$.groups.head", Double.class)).isEqualTo(expected.groups().head());
        assertThat(JsonPath.parse(run.out()).read("$.groups.tail", Double.class)).isEqualTo(expected.groups().tail());
    }

    @Test
    void aFileWithAnotherIdColumnIsRefusedNamingTheDefinitionsColumn() throws Exception {
        Path dicom = write("dicom.csv", SUBMISSION.replace("image_id", "dicom_id"));
        Run run = run("score", "--truth", truth.toString(), "--submission", dicom.toString(),
                "--definition", definition.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("image_id");
    }

    @Test
    void withoutADefinitionTheIdColumnIsCxrLt2024s() throws Exception {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("dicom_id");
    }

    @Test
    void aBadDefinitionIsRefusedWithEveryProblem() throws Exception {
        Path bad = write("bad.json", """
                {"idColumn":"","groupRule":{"headAbove":10,"tailBelow":100},"metricsShown":["mAP","accuracy"],
                 "tasks":[{"slug":"main","labels":[{"name":"A","trainingCount":-1},{"name":"B","trainingCount":3,
                   "group":"tail"},"A"]}]}
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the definition " + bad + " was refused; 6 problems:",
                "  idColumn must name the id column of the CSV files (such as dicom_id), not be empty.",
                "  groupRule thresholds are out of order: tailBelow (100) must not be more than headAbove (10).",
                "  metricsShown[1] 'accuracy' is not a metric: the metrics are mAP, mAUROC, mF1, mECE.",
                "  tasks[0].labels[0].trainingCount must be 0 or more, not -1.",
                "  tasks[0].labels[1] gives both a trainingCount and a group: give one (the count decides the group"
                        + " by the group rule), not both.",
                "  tasks[0].labels[2] 'A' is listed twice.", ""));
    }

    @Test
    void everyValueOfAWrongTypeIsReportedAtOnce() throws Exception {
        Path bad = write("types.json", """
                {"idColumn":5,"trainingImages":"many","metricsShown":["mAP",2],
                 "tasks":[{"slug":"main","labels":[{"name":"A","trainingCount":1.5},"B"]}]}
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the definition " + bad + " was refused; 4 problems:",
                "  idColumn must be a string, not 5.",
                "  trainingImages must be a whole number, not \"many\".",
                "  metricsShown[1] must be a string, not 2.",
                "  tasks[0].labels[0].trainingCount must be a whole number, not 1.5.", ""));
    }

    /** The same document and sentences as ChallengeDefinitionTests' PUT of it: both use one shape check. */
    @Test
    void whatThePutOfADefinitionRefusesIsRefusedWithTheSameSentences() throws Exception {
        Path bad = write("shape.json", """
                {"title":7,"trainingImages":"many","groupRule":{"headAbove":1.5,"tailBelow":2},"colour":"red",
                 "tasks":[{"slug":"t","labels":["A",{"name":"B","trainingCount":true},3],
                   "phases":[{"slug":"p","opensAt":"soon","maxPerDay":"5","paused":"yes","selection":["BEST"]}]}]}
                """);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the definition " + bad + " was refused; 10 problems:",
                "  title must be a string, not 7.",
                "  trainingImages must be a whole number, not \"many\".",
                "  groupRule.headAbove must be a whole number, not 1.5.",
                "  colour is not a field of a challenge definition.",
                "  tasks[0].labels[1].trainingCount must be a whole number, not true.",
                "  tasks[0].labels[2] must be a label name or an object {\"name\", \"trainingCount\" or "
                        + "\"group\"}, not 3.",
                "  tasks[0].phases[0].opensAt must be an instant such as \"2024-08-01T00:00:00Z\", not \"soon\".",
                "  tasks[0].phases[0].maxPerDay must be a whole number (or null for no limit), not \"5\".",
                "  tasks[0].phases[0].paused must be true or false, not \"yes\".",
                "  tasks[0].phases[0].selection must be a string, not [\"BEST\"].", ""));
    }

    /** As ChallengeDefinitionTests.misspeltFieldsAndWholeNumbersWrittenWithAFractionAreRefused, offline. */
    @Test
    void misspeltFieldsAndWholeNumbersWrittenWithAFractionAreRefusedNotIgnored() throws Exception {
        Path bad = write("misspelt.json", MISSPELT);
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the definition " + bad + " was refused; 5 problems:",
                "  grupRule is not a field of a challenge definition.",
                "  groupRule.tailbelow is not a field of a challenge definition.",
                "  tasks[0].labels[0].name must be a string, not 5.",
                "  tasks[0].labels[1].trainingCount must be a whole number, not 5.0.",
                "  tasks[0].phases[0].opensAt must be an instant between the years 1 and 9999.", ""));
    }

    /** The service's bounds, JsonInputChecks.EARLIEST and LATEST, to the microsecond; and whole numbers as JSON writes them. */
    @Test
    void instantsAtTheYearsBoundsAndWholeNumbersInEveryFormAreReadAsTheServiceReadsThem() throws Exception {
        String phases = """
                {"slug":"a","opensAt":"0001-01-01T00:00:00Z","closesAt":"9999-12-31T23:59:59.999999Z"},
                {"slug":"b","opensAt":"0000-12-31T23:59:59.999999Z","closesAt":"9999-12-31T23:59:59.9999991Z"}""";
        Path file = write("bounds.json", """
                {"groupRule":{"headAbove":100,"tailBelow":-0},
                 "tasks":[{"slug":"main","labels":[{"name":"A","trainingCount":0},{"name":"B","trainingCount":-0},
                   {"name":"C","trainingCount":1e2},{"name":"D","trainingCount":010},{"name":"E","trainingCount":-01}],
                   "phases":[%s]}]}
                """.formatted(phases));
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the definition " + file + " was refused; 5 problems:",
                "  tasks[0].labels[2].trainingCount must be a whole number, not 100.0.",
                "  tasks[0].labels[3].trainingCount must be a whole number, not 10.0.",
                "  tasks[0].labels[4].trainingCount must be a whole number, not -1.0.",
                "  tasks[0].phases[1].opensAt must be an instant between the years 1 and 9999.",
                "  tasks[0].phases[1].closesAt must be an instant between the years 1 and 9999.", ""));
    }

    @Test
    void thousandsOfProblemsAreCountedNotAllPrinted() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            labels.append(i == 0 ? "" : ",").append("{\"name\":").append(i).append('}');
        }
        Path bad = write("many.json", "{\"tasks\":[{\"slug\":\"main\",\"labels\":[" + labels + "]}]}");
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).hasSize(22);
        assertThat(lines.get(0)).isEqualTo("error: the definition " + bad + " was refused; 5000 problems:");
        assertThat(lines.get(1)).isEqualTo("  tasks[0].labels[0].name must be a string, not 0.");
        assertThat(lines.get(21)).isEqualTo("  ... and 4980 more problems not listed (5000 in all)");
    }

    /** The same document as ChallengeDefinitionTests sends. */
    static final String MISSPELT = """
            {"idColumn":"image_id","grupRule":{"headAbove":100,"tailBelow":10},
             "groupRule":{"headAbove":100,"tailbelow":1},
             "tasks":[{"slug":"main","labels":[{"name":5},{"name":"B","trainingCount":5.0}],
               "phases":[{"slug":"p","opensAt":"+10000-01-01T00:00:00Z"}]}]}
            """;

    @Test
    void aDefinitionNestedThousandsDeepIsRefusedNotAStackOverflow() throws Exception {
        Path deep = write("deep.json", "{\"tasks\":" + "[".repeat(3000) + "]".repeat(3000) + "}");
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", deep.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the definition " + deep + " was refused; 1 problem:",
                "  The file is not JSON: lists and objects nested more than 1000 deep at offset 1008.", ""));
    }

    @Test
    void aDefinitionThatIsNotJsonIsRefused() throws Exception {
        Path bad = write("bad.json", "{\"idColumn\": ");
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: the definition " + bad + " was refused; 1 problem:")
                .contains("The file is not JSON");
    }

    @Test
    void aMissingDefinitionFileIsAUsageError() {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", dir.resolve("nothing.json").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: no such file: " + dir.resolve("nothing.json") + " (--definition)");
    }

    @Test
    void anUnknownTaskIsAUsageError() {
        Run run = run("score", "--truth", truth.toString(), "--submission", submission.toString(),
                "--definition", definition.toString(), "--task", "task1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --task must be one of the definition's tasks (main), was \"task1\"");
    }

    @Test
    void generatesDataOfTheDefinitionsShape() throws Exception {
        Path out = dir.resolve("generated");
        Run run = run("generate", "--definition", definition.toString(), "--task", "main", "--rows", "50",
                "--seed", "3", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("truth.csv")).get(0)).isEqualTo("image_id,A,B,C,D,E");
        Run scored = run("score", "--truth", out.resolve("truth.csv").toString(), "--submission",
                out.resolve("submission.csv").toString(), "--definition", definition.toString());
        assertThat(scored.exit()).as(scored.err()).isZero();
    }

    @Test
    void generateRefusesATaskTheDefinitionLacks() {
        Run run = run("generate", "--task", "task4", "--rows", "50", "--seed", "3", "--out",
                dir.resolve("g").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --task must be task1, task2 or task3, was \"task4\"");
    }

    private Scores expected(LabelGroups groups) throws Exception {
        AnswerKey key;
        try (InputStream in = Files.newInputStream(truth)) {
            key = AnswerKey.read(in, "image_id", null, ReadLimits.DEFAULT);
        }
        try (InputStream in = Files.newInputStream(submission)) {
            return Evaluator.score(key, Submission.read(in, key, ReadLimits.DEFAULT), groups);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
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
}
