package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.KEY_CSV;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.LABELS;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.key;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.keyRefusal;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.utf8;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerKeyTests {

    private static final String EDEMA = "Edema";
    private static final String ROUNDED = "Round(ed) Atelectasis";

    @Test
    void readsAValidAnswerKey() throws Exception {
        AnswerKey key = key(KEY_CSV);
        assertThat(key.rows()).isEqualTo(3);
        assertThat(key.labels()).containsExactly(EDEMA, ROUNDED);
        assertThat(key.positivesByLabel()).containsExactly(entry(EDEMA, 1), entry(ROUNDED, 1));
        assertThat(key.warnings()).isEmpty();
        assertThat(key.ids().id(0)).isEqualTo("a");
        assertThat(key.truth(0)).containsExactly(1, 0, 0);
        assertThat(key.truth(1)).containsExactly(0, 1, 0);
    }

    @Test
    void countsPositivesPerLabelInTheOrderAskedFor() throws Exception {
        String csv = """
                dicom_id,Edema,Round(ed) Atelectasis
                a,1,1
                b,1,0
                c,0,0
                d,1,0
                e,0,0
                """;
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(csv), "dicom_id", List.of(ROUNDED, EDEMA), ReadLimits.DEFAULT);
        assertThat(key.labels()).containsExactly(ROUNDED, EDEMA);
        assertThat(key.positivesByLabel()).containsExactly(entry(ROUNDED, 1), entry(EDEMA, 3));
        assertThat(key.positives(1)).isEqualTo(3);
        assertThat(key.truth(1)).containsExactly(1, 1, 0, 1, 0);
    }

    @Test
    void takesEveryColumnButTheIdInFileOrderWhenNoLabelsAreGiven() throws Exception {
        String csv = """
                Zeta,dicom_id,Edema,"Round(ed) Atelectasis"
                1,a,0,1
                0,b,1,0
                """;
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(csv), "dicom_id", null, ReadLimits.DEFAULT);
        assertThat(key.labels()).containsExactly("Zeta", EDEMA, ROUNDED);
        assertThat(key.positivesByLabel()).containsExactly(entry("Zeta", 1), entry(EDEMA, 1), entry(ROUNDED, 1));
        assertThat(key.warnings()).isEmpty();
    }

    @Test
    void acceptsZeroAndOneWrittenAsDecimals() throws Exception {
        String csv = """
                dicom_id,Edema,Round(ed) Atelectasis
                a,1.0,0.0
                b,0.0,1.0
                c,"0", 1e0
                d,-0,0
                """;
        AnswerKey key = key(csv);
        assertThat(key.truth(0)).containsExactly(1, 0, 0, 0);
        assertThat(key.truth(1)).containsExactly(0, 1, 1, 0);
        assertThat(key.positivesByLabel()).containsExactly(entry(EDEMA, 1), entry(ROUNDED, 2));
    }

    @Test
    void ignoresOtherColumnsWithAWarning() throws Exception {
        String csv = """
                subject_id,dicom_id,fpath,Edema,Round(ed) Atelectasis,Mass
                1,a,p/a.jpg,1,0,1
                2,b,p/b.jpg,0,1,0
                3,c,p/c.jpg,0,0,x
                """;
        AnswerKey key = key(csv);
        assertThat(key.rows()).isEqualTo(3);
        assertThat(key.labels()).containsExactly(EDEMA, ROUNDED);
        assertThat(key.warnings()).containsExactly(
                "ignored 3 columns of the answer key that are not scored: subject_id, fpath, Mass");
    }

    @Test
    void readsManyRowsFromSyntheticData() throws Exception {
        SyntheticData data = CxrLt2024.synthetic(CxrLt2024.TASK1_LABELS, 5000, 3);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        data.writeAnswerKey(csv);
        AnswerKey key = AnswerKey.read(CsvFixtures.stream(csv.toByteArray()), "dicom_id", null, ReadLimits.DEFAULT);
        assertThat(key.rows()).isEqualTo(5000);
        assertThat(key.labels()).isEqualTo(CxrLt2024.TASK1_LABELS);
        // positives are counted as the file has them
        String[] lines = csv.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        int supportDevices = CxrLt2024.TASK1_LABELS.indexOf("Support Devices") + 1;
        int expected = 0;
        for (int i = 1; i < lines.length; i++) {
            expected += lines[i].split(",")[supportDevices].equals("1") ? 1 : 0;
        }
        assertThat(key.positivesByLabel().get("Support Devices")).isEqualTo(expected).isPositive();
        assertThat(key.ids().id(4999)).isEqualTo(lines[5000].substring(0, 44));
    }

    @Test
    void refusesAKeyWithoutTheIdColumn() {
        RefusedInputException refusal = keyRefusal("""
                image,Edema,Round(ed) Atelectasis
                a,1,0
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "the id column \"dicom_id\" is missing from the header; the header as read"
                        + " (split at commas): \"image,Edema,Round(ed) Atelectasis\""));
    }

    @Test
    void pointsAtAnIdColumnWhoseNameDiffersOnlyInCase() {
        RefusedInputException refusal = keyRefusal("""
                Dicom_ID,Edema,Round(ed) Atelectasis
                a,1,0
                """);
        assertThat(refusal.problems()).containsExactly(Problem.atLine(1,
                "the id column \"dicom_id\" is missing from the header"
                        + " (found \"Dicom_ID\": names must match exactly, including case)"));
    }

    @Test
    void refusesAKeyMissingALabelNamingIt() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Rounded Atelectasis
                a,1,0
                b,0,1
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "label column \"Round(ed) Atelectasis\" is missing from the header"));
    }

    @Test
    void pointsAtALabelWhoseNameDiffersOnlyInCaseOrSpacing() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,edema,Round(ed) Atelectasis
                a,1,0
                """);
        assertThat(refusal.problems()).containsExactly(Problem.atLine(1, "label column \"Edema\" is missing from the"
                + " header (found \"edema\": names must match exactly, including case)"));
    }

    @Test
    void refusesADuplicatedColumn() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis,Edema
                a,1,0,1
                b,0,1,0
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "column \"Edema\" appears more than once in the header"));
    }

    @Test
    void refusesAKeyWhoseOnlyColumnIsTheId() {
        RefusedInputException refusal = keyRefusal(utf8("dicom_id\na\nb\n"), null, ReadLimits.DEFAULT);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "the answer key has no label columns besides \"dicom_id\""));
    }

    @Test
    void refusesShortAndLongRowsNamingTheLineAndFieldCounts() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,1,0
                b,0

                c,0,1,1
                d
                e,1,0
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(3, "the line has 2 fields but the header has 3"),
                Problem.atLine(5, "the line has 4 fields but the header has 3"),
                Problem.atLine(6, "the line has 1 field but the header has 3"));
        assertThat(refusal.totalProblems()).isEqualTo(3);
    }

    @Test
    void refusesAMalformedLine() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,1,0
                "b"x,0,1
                c,0,0
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(3, "the line is malformed: text after the closing quote of a quoted field"));
    }

    @Test
    void refusesAMalformedHeader() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Ede"ma,Round(ed) Atelectasis
                a,1,0
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "the header line is malformed: a quote inside an unquoted field"));
    }

    @Test
    void refusesValuesOtherThanZeroOrOne() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,2,0
                b,0.5,1
                c,x,0
                d,1,
                e,0,NaN
                f,0,true
                """);
        String message = "an answer key value must be 0 or 1";
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(2, EDEMA, "2", message),
                Problem.atCell(3, EDEMA, "0.5", message),
                Problem.atCell(4, EDEMA, "x", message),
                Problem.atCell(5, ROUNDED, "", message),
                Problem.atCell(6, ROUNDED, "NaN", message),
                Problem.atCell(7, ROUNDED, "true", message));
    }

    @Test
    void refusesADuplicatedIdNamingTheFirstLine() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,1,0
                b,0,1

                c,0,0
                b,0,1
                a,1,1
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(6, "dicom_id", "b", "the id appears more than once (first on line 3)"),
                Problem.atCell(7, "dicom_id", "a", "the id appears more than once (first on line 2)"));
    }

    @Test
    void refusesAnEmptyId() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,1,0
                ,0,1
                b,0,1
                "",1,0
                """);
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(3, "dicom_id", "", "the id is empty"),
                Problem.atCell(5, "dicom_id", "", "the id is empty"));
    }

    @Test
    void refusesAnIdOfOnlySpaces() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,1,0
                  ,0,1
                b,0,1
                """);
        assertThat(refusal.problems()).containsExactly(Problem.atCell(3, "dicom_id", "", "the id is empty"));
    }

    @Test
    void refusesAHeaderWithoutRows() {
        RefusedInputException refusal = keyRefusal("dicom_id,Edema,Round(ed) Atelectasis\r\n\r\n");
        assertThat(refusal.problems()).containsExactly(Problem.ofFile("the answer key has a header but no rows"));
    }

    @Test
    void refusesALabelWithoutAPositiveOrANegativeNamingIt() {
        RefusedInputException refusal = keyRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,0,1
                b,0,1
                """);
        assertThat(refusal.problems()).containsExactly(
                new Problem(0, EDEMA, null,
                        "label \"Edema\" has no positive row: AP and AUROC are undefined for it"),
                new Problem(0, ROUNDED, null,
                        "label \"Round(ed) Atelectasis\" has no negative row: AUROC is undefined for it"));
    }

    @Test
    void listsTwentyProblemsAndCountsTheRest() {
        StringBuilder csv = new StringBuilder("dicom_id,Edema,Round(ed) Atelectasis\n");
        for (int i = 0; i < 25; i++) {
            csv.append("id").append(i).append(",x,").append(i % 2).append('\n');
        }
        RefusedInputException refusal = keyRefusal(csv.toString());
        assertThat(refusal.problems()).hasSize(RefusedInputException.MAX_PROBLEMS_LISTED).hasSize(20);
        assertThat(refusal.problems().get(0))
                .isEqualTo(Problem.atCell(2, EDEMA, "x", "an answer key value must be 0 or 1"));
        assertThat(refusal.problems().get(19))
                .isEqualTo(Problem.atCell(21, EDEMA, "x", "an answer key value must be 0 or 1"));
        assertThat(refusal.totalProblems()).isEqualTo(25);
        List<String> lines = refusal.describeAll();
        assertThat(lines).hasSize(21);
        assertThat(lines.get(0)).isEqualTo("line 2, column \"Edema\", value \"x\": an answer key value must be 0 or 1");
        assertThat(lines.get(20)).isEqualTo("... and 5 more problems not listed (25 in all)");
        assertThat(refusal.getMessage()).isEqualTo("the file was refused, 25 problems found; the first: "
                + "line 2, column \"Edema\", value \"x\": an answer key value must be 0 or 1");
    }

    @Test
    void describesASingleProblemWithoutAListTail() {
        RefusedInputException refusal = keyRefusal("dicom_id,Edema,Round(ed) Atelectasis\n");
        assertThat(refusal.totalProblems()).isEqualTo(1);
        assertThat(refusal.describeAll()).containsExactly("the answer key has a header but no rows");
        assertThat(refusal.getMessage()).isEqualTo("the file was refused: the answer key has a header but no rows");
    }

    @Test
    void shortensALongOffendingValueInTheProblem() {
        String longValue = "9".repeat(100);
        RefusedInputException refusal = keyRefusal("dicom_id,Edema,Round(ed) Atelectasis\na," + longValue + ",0\n");
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(2, EDEMA, "9".repeat(60) + "...", "an answer key value must be 0 or 1"));
    }
}
