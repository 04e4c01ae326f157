package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case scores exactly as scikit-learn scored it: the same doubles, bit for bit,
 * not only within a tolerance. The fixtures and the command that made them are in
 * {@code src/test/resources/golden} (see its README).
 */
class GoldenFixtureTests {

    private static final String ROOT = "/golden/";

    static Stream<String[]> cases() {
        return resource("cases.txt").lines()
                .filter(line -> !line.isBlank())
                .map(line -> line.split("\t"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void scoresEqualScikitLearnBitForBit(String name, String submissionFile) throws Exception {
        String labelsText = optionalResource(name + "/labels.txt");
        List<String> labels = labelsText == null ? null
                : Arrays.stream(labelsText.strip().split(",")).map(String::strip).toList();
        AnswerKey key;
        try (InputStream truth = open(name + "/truth.csv")) {
            key = AnswerKey.read(truth, "dicom_id", labels, ReadLimits.DEFAULT);
        }
        Submission submission;
        try (InputStream in = open(name + "/" + submissionFile)) {
            submission = Submission.read(in, key, ReadLimits.DEFAULT);
        }

        Scores scores = Evaluator.score(key, submission);

        Map<String, Object> expected = (Map<String, Object>) MiniJson.parse(resource(name + "/expected.json"));
        assertThat(scores.rows()).isEqualTo(((Double) expected.get("rows")).intValue());
        List<Map<String, Object>> expectedLabels = (List<Map<String, Object>>) expected.get("labels");
        assertThat(scores.labels()).extracting(LabelScore::label)
                .containsExactlyElementsOf(expectedLabels.stream().map(l -> (String) l.get("label")).toList());
        for (int i = 0; i < expectedLabels.size(); i++) {
            Map<String, Object> want = expectedLabels.get(i);
            LabelScore got = scores.labels().get(i);
            String where = name + " / " + got.label();
            assertThat(got.ap()).as(where + " AP").isEqualTo(want.get("ap"));
            assertThat(got.auroc()).as(where + " AUROC").isEqualTo(want.get("auroc"));
            assertThat(got.f1()).as(where + " F1").isEqualTo(want.get("f1"));
            assertThat(got.ece()).as(where + " ECE").isEqualTo(want.get("ece"));
            assertThat((double) got.positives()).as(where + " positives").isEqualTo(want.get("positives"));
        }
        assertThat(scores.mAP()).as(name + " mAP").isEqualTo(expected.get("mAP"));
        assertThat(scores.mAUROC()).as(name + " mAUROC").isEqualTo(expected.get("mAUROC"));
        assertThat(scores.mF1()).as(name + " mF1").isEqualTo(expected.get("mF1"));
        assertThat(scores.mECE()).as(name + " mECE").isEqualTo(expected.get("mECE"));
    }

    /**
     * Cases with {@code truth_variants.txt} hold the same answer key in other files (gzip, zip):
     * each scores the submission exactly as {@code truth.csv} does, so exactly as scikit-learn.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answerKeysInEveryAcceptedFormReadTheSame(String name, String submissionFile) throws Exception {
        String variants = optionalResource(name + "/truth_variants.txt");
        if (variants == null) {
            return;
        }
        Scores plain = scoreWithKey(name, "truth.csv", submissionFile);
        for (String variant : variants.strip().split("\n")) {
            assertThat(scoreWithKey(name, variant.strip(), submissionFile)).as(name + " / " + variant)
                    .isEqualTo(plain);
        }
    }

    private static Scores scoreWithKey(String name, String truthFile, String submissionFile) throws Exception {
        AnswerKey key;
        try (InputStream truth = open(name + "/" + truthFile)) {
            key = AnswerKey.read(truth, "dicom_id", null, ReadLimits.DEFAULT);
        }
        try (InputStream in = open(name + "/" + submissionFile)) {
            return Evaluator.score(key, Submission.read(in, key, ReadLimits.DEFAULT));
        }
    }

    private static InputStream open(String path) {
        InputStream in = GoldenFixtureTests.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new IllegalStateException("missing golden fixture " + ROOT + path);
        }
        return in;
    }

    private static String resource(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String optionalResource(String path) {
        return GoldenFixtureTests.class.getResource(ROOT + path) == null ? null : resource(path);
    }
}
