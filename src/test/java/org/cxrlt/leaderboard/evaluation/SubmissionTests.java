package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.KEY_CSV;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.SUBMISSION_CSV;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.key;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.submission;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.submissionRefusal;
import static org.cxrlt.leaderboard.evaluation.CsvFixtures.utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmissionTests {

    private static final String EDEMA = "Edema";
    private static final String ROUNDED = "Round(ed) Atelectasis";
    private static final String PROBABILITY = "a prediction must be a probability in [0, 1]: ";

    private AnswerKey key;

    @BeforeEach
    void readKey() throws Exception {
        key = key(KEY_CSV);
    }

    private Scores score(String csv) throws Exception {
        return Evaluator.score(key, submission(csv, key));
    }

    private Scores score(byte[] file) throws Exception {
        return Evaluator.score(key, submission(file, key));
    }

    @Test
    void readsPredictionsInAnswerKeyRowOrder() throws Exception {
        Submission submission = submission("""
                dicom_id,Round(ed) Atelectasis,Edema
                c,0.3,0.1
                a,0.2,0.9
                b,0.7,0.4
                """, key);
        assertThat(submission.predictions(0)).containsExactly(0.9, 0.4, 0.1);
        assertThat(submission.predictions(1)).containsExactly(0.2, 0.7, 0.3);
        assertThat(submission.warnings()).isEmpty();
        assertThat(submission.key()).isSameAs(key);
    }

    @Test
    void acceptsTheBoundsOfTheUnitIntervalAndNegativeZero() throws Exception {
        Submission submission = submission("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,1,0
                b,-0.0,1.0
                c,1e-400,0E0
                """, key);
        assertThat(submission.predictions(0)).containsExactly(1.0, -0.0, 0.0);
        assertThat(submission.predictions(1)).containsExactly(0.0, 1.0, 0.0);
    }

    @Test
    void scoresFormatVariantsExactlyLikeThePlainFile() throws Exception {
        Scores plain = score(SUBMISSION_CSV);
        assertThat(score(SUBMISSION_CSV.replace("\n", "\r\n"))).as("CRLF").isEqualTo(plain);
        assertThat(score(SUBMISSION_CSV.replace("\n", "\r"))).as("lone CR").isEqualTo(plain);
        assertThat(score("\uFEFF" + SUBMISSION_CSV)).as("BOM").isEqualTo(plain);
        assertThat(score(SUBMISSION_CSV.strip())).as("no final newline").isEqualTo(plain);
        assertThat(score("\n" + SUBMISSION_CSV.replace("\n", "\n\n"))).as("blank lines").isEqualTo(plain);
        assertThat(score("""
                "dicom_id","Edema","Round(ed) Atelectasis"
                "a","0.9","0.2"
                "b","0.4","0.7"
                "c","0.1","0.3"
                """)).as("quoted header and fields").isEqualTo(plain);
        assertThat(score("""
                Round(ed) Atelectasis, dicom_id ,Edema
                0.7,b,0.4
                0.3,c,0.1
                0.2,a,0.9
                """)).as("shuffled columns and rows").isEqualTo(plain);
        assertThat(score("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,9E-01,2.0e-1
                b,+.4, 0.70000000000000000000
                c,1.0000e-1,3e-1
                """)).as("other notations").isEqualTo(plain);
        assertThat(score("\uFEFF" + """
                "Round(ed) Atelectasis",dicom_id,Edema
                3E-1,c,.1
                7e-1,"b",4.0E-1
                2e-1,a,9.e-1""".replace("\n", "\r\n"))).as("all at once").isEqualTo(plain);
    }

    @Test
    void refusesAnEmptyFile() {
        RefusedInputException refusal = submissionRefusal("", key);
        assertThat(refusal.problems()).containsExactly(Problem.ofFile("the file is empty"));
    }

    @Test
    void refusesAHeaderWithoutRows() {
        RefusedInputException refusal = submissionRefusal("dicom_id,Edema,Round(ed) Atelectasis\n\n", key);
        assertThat(refusal.problems()).containsExactly(Problem.ofFile("the file has a header but no rows"));
    }

    @Test
    void refusesAFileWithoutTheIdColumn() {
        RefusedInputException refusal = submissionRefusal("""
                id,Edema,Round(ed) Atelectasis
                a,0.9,0.2
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "the id column \"dicom_id\" is missing from the header; the header as read"
                        + " (split at commas): \"id,Edema,Round(ed) Atelectasis\""));
    }

    @Test
    void refusesAFileMissingLabelsNamingEach() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,edema
                a,0.9
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "label column \"Edema\" is missing from the header"
                        + " (found \"edema\": names must match exactly, including case)"),
                Problem.atLine(1, "label column \"Round(ed) Atelectasis\" is missing from the header"));
        assertThat(refusal.totalProblems()).isEqualTo(2);
    }

    @Test
    void refusesADuplicatedColumn() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis,dicom_id
                a,0.9,0.2,a
                b,0.4,0.7,b
                c,0.1,0.3,c
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(1, "column \"dicom_id\" appears more than once in the header"));
    }

    @Test
    void refusesRowsWithTooFewOrTooManyFieldsNamingTheLine() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,0.9,0.2
                b,0.4
                c,0.1,0.3,0.5
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atLine(3, "the line has 2 fields but the header has 3"),
                Problem.atLine(4, "the line has 4 fields but the header has 3"),
                Problem.ofFile("2 of the answer key's 3 ids are missing from the submission, e.g. b, c"));
    }

    @Test
    void aMissingIdOfThousandsOfCharactersIsShortenedAsValuesAre() throws Exception {
        String longId = "k".repeat(5000);
        AnswerKey key = AnswerKey.read(CsvFixtures.stream("dicom_id,Edema\na,1\n" + longId + ",0\n"), "dicom_id",
                List.of("Edema"), ReadLimits.DEFAULT);

        RefusedInputException refusal = submissionRefusal("dicom_id,Edema\na,0.9\n", key);

        assertThat(refusal.problems()).containsExactly(Problem.ofFile(
                "1 of the answer key's 2 ids is missing from the submission, e.g. " + "k".repeat(60) + "..."));
    }

    @Test
    void refusesValuesThatAreNotProbabilities() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,abc,NaN
                b, inf ,-Infinity
                c,-0.1,1.5
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(2, EDEMA, "abc", PROBABILITY + "not a number"),
                Problem.atCell(2, ROUNDED, "NaN", PROBABILITY + "NaN is not allowed"),
                Problem.atCell(3, EDEMA, "inf", PROBABILITY + "an infinite value is not allowed"),
                Problem.atCell(3, ROUNDED, "-Infinity", PROBABILITY + "an infinite value is not allowed"),
                Problem.atCell(4, EDEMA, "-0.1", PROBABILITY + "outside [0, 1]"),
                Problem.atCell(4, ROUNDED, "1.5", PROBABILITY + "outside [0, 1]"));
        assertThat(refusal.problems().get(0).describe()).isEqualTo(
                "line 2, column \"Edema\", value \"abc\": a prediction must be a probability in [0, 1]: not a number");
    }

    @Test
    void refusesEmptyValuesAndOverflowingNumbers() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,,0.2
                b,0.4,1e400
                c,1.0000000000000002,0x1p-1
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(2, EDEMA, "", PROBABILITY + "the value is empty"),
                Problem.atCell(3, ROUNDED, "1e400", PROBABILITY + "outside [0, 1]"),
                Problem.atCell(4, EDEMA, "1.0000000000000002", PROBABILITY + "outside [0, 1]"),
                Problem.atCell(4, ROUNDED, "0x1p-1", PROBABILITY + "not a number"));
    }

    @Test
    void refusesADuplicatedIdNamingTheFirstLine() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,0.9,0.2
                b,0.4,0.7

                c,0.1,0.3
                b,0.4,0.7
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(6, "dicom_id", "b", "the id appears more than once (first on line 3)"));
    }

    @Test
    void refusesAnEmptyId() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,0.9,0.2
                b,0.4,0.7
                c,0.1,0.3
                ,0.5,0.5
                """, key);
        assertThat(refusal.problems()).containsExactly(Problem.atCell(5, "dicom_id", "", "the id is empty"));
    }

    @Test
    void refusesAnIdOfOnlySpaces() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,0.9,0.2
                b,0.4,0.7
                c,0.1,0.3
                 \t ,0.5,0.5
                """, key);
        assertThat(refusal.problems()).containsExactly(Problem.atCell(5, "dicom_id", "", "the id is empty"));
    }

    @Test
    void refusesMissingIdsWithTheirCountAndTheFirstFew() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                b,0.4,0.7
                """, key);
        assertThat(refusal.problems()).containsExactly(Problem.ofFile(
                "2 of the answer key's 3 ids are missing from the submission, e.g. a, c"));
    }

    @Test
    void refusesManyMissingIdsShowingFiveOfThem() throws Exception {
        StringBuilder keyCsv = new StringBuilder("dicom_id,Edema\n");
        for (int i = 0; i < 12; i++) {
            keyCsv.append("id").append(i).append(',').append(i % 2).append('\n');
        }
        AnswerKey bigKey = AnswerKey.read(CsvFixtures.stream(keyCsv.toString()), "dicom_id", List.of(EDEMA), ReadLimits.DEFAULT);
        RefusedInputException refusal = submissionRefusal("dicom_id,Edema\nid3,0.5\n", bigKey);
        assertThat(refusal.problems()).containsExactly(Problem.ofFile(
                "11 of the answer key's 12 ids are missing from the submission, e.g. id0, id1, id2, id4, id5, ..."));
        RefusedInputException one = submissionRefusal(keyCsv.toString().replace("id7,1\n", ""), bigKey);
        assertThat(one.problems()).containsExactly(Problem.ofFile(
                "1 of the answer key's 12 ids is missing from the submission, e.g. id7"));
    }

    @Test
    void listsEveryProblemOfAFileTogether() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                a,0.9,2
                a,0.9,0.2
                b,0.4
                """, key);
        assertThat(refusal.problems()).containsExactly(
                Problem.atCell(2, ROUNDED, "2", PROBABILITY + "outside [0, 1]"),
                Problem.atCell(3, "dicom_id", "a", "the id appears more than once (first on line 2)"),
                Problem.atLine(4, "the line has 2 fields but the header has 3"),
                Problem.ofFile("2 of the answer key's 3 ids are missing from the submission, e.g. b, c"));
        assertThat(refusal.totalProblems()).isEqualTo(4);
    }

    @Test
    void capsTheListedProblemsAtTwentyAndCountsAll() {
        StringBuilder csv = new StringBuilder("dicom_id,Edema,Round(ed) Atelectasis\n");
        csv.append("a,x,x\nb,x,x\nc,x,x\n");
        for (int i = 0; i < 30; i++) {
            csv.append("a,0.5,0.5\n");
        }
        RefusedInputException refusal = submissionRefusal(csv.toString(), key);
        assertThat(refusal.totalProblems()).isEqualTo(36);
        assertThat(refusal.problems()).hasSize(20);
        assertThat(refusal.describeAll()).hasSize(21).last()
                .isEqualTo("... and 16 more problems not listed (36 in all)");
    }

    @Test
    void warnsAboutExtraRowsWithTheirCountAndAnExample() throws Exception {
        Submission submission = submission(SUBMISSION_CSV + "zz1,0.5,0.5\nzz2,0.1,0.1\n", key);
        assertThat(submission.warnings()).containsExactly(
                "ignored 2 rows whose dicom_id is not in the answer key, e.g. zz1, zz2");
        assertThat(score(SUBMISSION_CSV + "zz1,0.5,0.5\n").warnings()).containsExactly(
                "ignored 1 row whose dicom_id is not in the answer key, e.g. zz1");
    }

    @Test
    void ignoresTheValuesOfExtraRowsEvenWhenInvalidOrRepeated() throws Exception {
        // an extra row is not scored, so its values cannot make the file unscorable
        Scores scores = score(SUBMISSION_CSV + "zz,not a number,7\nzz,-1,2\n");
        assertThat(scores.mAP()).isEqualTo(score(SUBMISSION_CSV).mAP());
        // both rows are ignored, the id shown once
        assertThat(scores.warnings()).containsExactly(
                "ignored 2 rows whose dicom_id is not in the answer key, e.g. zz");
    }

    @Test
    void stillRefusesInvalidValuesOfRowsTheAnswerKeyHasAlongsideExtraRows() {
        RefusedInputException refusal = submissionRefusal("""
                dicom_id,Edema,Round(ed) Atelectasis
                zz,nope,2
                a,0.9,0.2
                b,1.5,0.7
                c,0.1,0.3
                """, key);
        assertThat(refusal.problems()).containsExactly(Problem.atCell(4, "Edema", "1.5",
                "a prediction must be a probability in [0, 1]: outside [0, 1]"));
        assertThat(refusal.totalProblems()).isEqualTo(1);
    }

    @Test
    void warnsAboutExtraColumnsAndIgnoresTheirValues() throws Exception {
        Submission submission = submission("""
                dicom_id,Edema,subject_id,Round(ed) Atelectasis,notes
                a,0.9,1,0.2,anything
                b,0.4,2,0.7,"with, comma"
                c,0.1,3,0.3,
                """, key);
        assertThat(submission.warnings()).containsExactly("ignored 2 columns that are not scored: subject_id, notes");
        assertThat(submission.predictions(0)).containsExactly(0.9, 0.4, 0.1);
        assertThat(submission.predictions(1)).containsExactly(0.2, 0.7, 0.3);
    }

    @Test
    void passesWarningsOnToTheScores() throws Exception {
        Scores scores = score("""
                dicom_id,Edema,Round(ed) Atelectasis,extra
                a,0.9,0.2,1
                b,0.4,0.7,1
                c,0.1,0.3,1
                q,0.1,0.3,1
                """);
        assertThat(scores.warnings()).containsExactly(
                "ignored 1 column that is not scored: extra",
                "ignored 1 row whose dicom_id is not in the answer key, e.g. q");
    }

    @Test
    void refusesASubmissionCheckedAgainstAnotherKeyWhenScored() throws Exception {
        Submission submission = submission(SUBMISSION_CSV, key);
        AnswerKey other = key(KEY_CSV);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Evaluator.score(other, submission))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the submission was checked against another answer key");
    }

    @Test
    void scoresARealisticSubmissionInAnyRowAndColumnOrder() throws Exception {
        SyntheticData data = CxrLt2024.synthetic(CxrLt2024.TASK1_LABELS, 4000, 42);
        ByteArrayOutputStream keyCsv = new ByteArrayOutputStream();
        data.writeAnswerKey(keyCsv);
        ByteArrayOutputStream submissionCsv = new ByteArrayOutputStream();
        data.writeSubmission(submissionCsv, 0.6, 43);
        AnswerKey bigKey = AnswerKey.read(CsvFixtures.stream(keyCsv.toByteArray()), "dicom_id", null, ReadLimits.DEFAULT);
        Scores plain = Evaluator.score(bigKey, submission(submissionCsv.toByteArray(), bigKey));
        assertThat(plain.rows()).isEqualTo(4000);
        assertThat(plain.labels()).extracting(LabelScore::label).isEqualTo(CxrLt2024.TASK1_LABELS);
        assertThat(plain.warnings()).isEmpty();
        assertThat(plain.mAP()).isStrictlyBetween(0.0, 1.0);

        // reverse the columns and shuffle the rows, CRLF, BOM
        String[] lines = submissionCsv.toString(StandardCharsets.UTF_8).split("\n");
        List<String> rows = new ArrayList<>(List.of(lines).subList(1, lines.length));
        Collections.shuffle(rows, new Random(1));
        StringBuilder shuffled = new StringBuilder("\uFEFF");
        shuffled.append(reverseFields(lines[0], true)).append("\r\n");
        for (String row : rows) {
            shuffled.append(reverseFields(row, false)).append("\r\n");
        }
        Scores reordered = Evaluator.score(bigKey, submission(utf8(shuffled.toString()), bigKey));
        assertThat(reordered).isEqualTo(plain);
    }

    private static String reverseFields(String line, boolean quote) {
        List<String> fields = new ArrayList<>(List.of(line.split(",", -1)));
        Collections.reverse(fields);
        return String.join(",", quote ? fields.stream().map(f -> '"' + f + '"').toList() : fields);
    }
}
