package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bootstrap analysis: its full-data scores are the scorer's, its weighted AP the materialized
 * resample's, and the properties of the issue hold (identity resamples collapse the intervals,
 * swapping entries swaps rows, a dominating entry always wins). scikit-learn's numbers for
 * resamples are checked in {@link RobustnessFixtureTests}.
 */
class RankingRobustnessTests {

    private static final SyntheticData TASK2 = CxrLt2024.synthetic(CxrLt2024.TASK2_LABELS, 406, 5);

    static Stream<String[]> goldenCases() {
        return GoldenFixtureTests.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void fullDataApEqualsTheScorersToTheBit(String name, String submissionFile) throws Exception {
        AnswerKey key;
        Submission submission;
        String labelsText = resource("/golden/" + name + "/labels.txt");
        List<String> labels = labelsText == null ? null
                : Arrays.stream(labelsText.strip().split(",")).map(String::strip).toList();
        try (InputStream in = RankingRobustnessTests.class.getResourceAsStream("/golden/" + name + "/truth.csv")) {
            key = AnswerKey.read(in, "dicom_id", labels, ReadLimits.DEFAULT);
        }
        try (InputStream in = RankingRobustnessTests.class.getResourceAsStream("/golden/" + name + "/" + submissionFile)) {
            submission = Submission.read(in, key, ReadLimits.DEFAULT);
        }
        Scores scores = Evaluator.score(key, submission);
        int[] once = new int[key.rows()];
        Arrays.fill(once, 1);
        RankedLabel.Work work = new RankedLabel.Work(key.rows());
        double[] ap = new double[key.labels().size()];
        for (int l = 0; l < ap.length; l++) {
            ap[l] = ranked(key, submission, l).averagePrecision(once, work);
            assertThat(ap[l]).as(name + " / " + key.labels().get(l)).isEqualTo(scores.labels().get(l).ap());
        }
        assertThat(NumpySum.mean(ap, 0, ap.length)).isEqualTo(scores.mAP());

        RobustnessResult result = RankingRobustness.analyse(key, List.of(entry("only", submission)),
                BootstrapResamples.identity(key, 2), 0, 1, RankingRobustness.Progress.NONE);
        assertThat(result.entries().get(0).mAP()).isEqualTo(scores.mAP());
    }

    @Test
    void weightedApEqualsApOnTheMaterializedResample() throws Exception {
        Random random = new Random(17);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 2 + random.nextInt(trial < 200 ? 40 : 3000);
            byte[] truth = new byte[rows];
            double[] predictions = new double[rows];
            int levels = 1 + random.nextInt(trial % 3 == 0 ? 4 : 1000); // few levels: large tie groups
            for (int i = 0; i < rows; i++) {
                truth[i] = (byte) (random.nextDouble() < 0.2 ? 1 : 0);
                predictions[i] = random.nextInt(levels) / (double) levels;
                if (predictions[i] == 0 && random.nextBoolean()) {
                    predictions[i] = -0.0;
                }
            }
            truth[random.nextInt(rows)] = 1;
            int[] counts = new int[rows];
            int drawn;
            do {
                Arrays.fill(counts, 0);
                drawn = 0;
                for (int i = 0; i < rows; i++) {
                    counts[random.nextInt(rows)]++;
                }
                for (int i = 0; i < rows; i++) {
                    drawn += counts[i] * truth[i];
                }
            } while (drawn == 0);
            // the materialized resample: each row repeated as often as drawn
            byte[] materializedTruth = new byte[rows];
            double[] materializedPredictions = new double[rows];
            int at = 0;
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < counts[i]; c++) {
                    materializedTruth[at] = truth[i];
                    materializedPredictions[at++] = predictions[i];
                }
            }
            double expected = PlainMetrics.averagePrecision(materializedTruth, materializedPredictions);
            double fast = new LabelMetrics(rows).score("x", materializedTruth, materializedPredictions, drawn).ap();

            RankedLabel label = RankedLabel.of(truth, predictions, new PairRadixSort(rows),
                    new long[rows], new int[rows]);
            double weighted = label.averagePrecision(counts, new RankedLabel.Work(rows));

            assertThat(weighted).as("trial " + trial).isEqualTo(fast);
            assertThat(weighted).as("trial " + trial).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void fourResamplesAtOnceScoreAsOneAtATime() {
        Random random = new Random(29);
        for (int trial = 0; trial < 200; trial++) {
            int rows = 2 + random.nextInt(trial < 150 ? 300 : 20_000);
            byte[] truth = new byte[rows];
            double[] predictions = new double[rows];
            int levels = trial % 5 == 0 ? 1 : 1 + random.nextInt(trial % 3 == 0 ? 5 : 100_000); // 1: one tie group
            for (int i = 0; i < rows; i++) {
                truth[i] = (byte) (random.nextDouble() < 0.3 ? 1 : 0);
                predictions[i] = random.nextInt(levels) / (double) levels;
            }
            truth[0] = 1;
            RankedLabel label = RankedLabel.of(truth, predictions, new PairRadixSort(rows), new long[rows], new int[rows]);
            int lanes = 1 + random.nextInt(RankedLabel.LANES);
            int[][] counts = new int[lanes][rows];
            long[] packed = new long[rows];
            int max = 1;
            for (int lane = 0; lane < lanes; lane++) {
                // a heavy row now and then, so that small chunks are used
                int heavy = trial % 7 == 0 ? Math.min(rows, 3000) : 0;
                counts[lane][0] = 1 + heavy;
                for (int i = 1 + heavy; i < rows; i++) {
                    counts[lane][random.nextInt(rows)]++;
                }
                for (int i = 0; i < rows; i++) {
                    max = Math.max(max, counts[lane][i]);
                    packed[i] |= (long) counts[lane][i] << (16 * lane);
                }
            }
            double[] four = new double[RankedLabel.LANES];
            label.averagePrecisionOfFour(packed, lanes, Math.min(4096, 0xFFFF / max), new RankedLabel.FourWork(rows), four);
            for (int lane = 0; lane < lanes; lane++) {
                assertThat(four[lane]).as("trial " + trial + " lane " + lane)
                        .isEqualTo(label.averagePrecision(counts[lane], new RankedLabel.Work(rows)));
            }
        }
    }

    @Test
    void sparseSumEqualsNumpysDenseSum() {
        Random random = new Random(23);
        int[] lengths = {1, 7, 8, 9, 127, 128, 129, 130, 255, 256, 1000, 8191, 8192, 8193, 20_000, 40_000};
        for (int length : lengths) {
            for (int trial = 0; trial < 20; trial++) {
                double density = trial % 4 == 0 ? 1.0 : random.nextDouble() * 0.3;
                double[] dense = new double[length];
                int[] positions = new int[length];
                double[] values = new double[length];
                int count = 0;
                for (int i = 0; i < length; i++) {
                    if (random.nextDouble() < density) {
                        dense[i] = -random.nextDouble() / (1 + random.nextInt(1000));
                        positions[count] = i;
                        values[count++] = dense[i];
                    }
                }
                assertThat(SparseNumpySum.sum(length, positions, values, count)).as(length + "/" + trial)
                        .isEqualTo(NumpySum.sum(dense, 0, length));
            }
        }
    }

    @Test
    void identityResamplesCollapseEveryIntervalToTheFullDataValue() throws Exception {
        AnswerKey key = key(TASK2);
        List<RobustnessEntry> entries = List.of(entry(key, "strong", 0.9, 1), entry(key, "middle", 0.5, 2),
                entry(key, "weak", 0.1, 3));

        RobustnessResult result = RankingRobustness.analyse(key, entries, BootstrapResamples.identity(key, 25), 0,
                2, RankingRobustness.Progress.NONE);

        for (RobustnessResult.Entry e : result.entries()) {
            assertThat(e.mAPLow()).isEqualTo(e.mAP());
            assertThat(e.mAPHigh()).isEqualTo(e.mAP());
            assertThat(e.rankMedian()).isEqualTo(e.rank());
            assertThat(e.rankLow()).isEqualTo(e.rank());
            assertThat(e.rankHigh()).isEqualTo(e.rank());
            assertThat(e.pFirst()).isEqualTo(e.rank() == 1 ? 1.0 : 0.0);
            for (RobustnessResult.LabelInterval label : e.labels()) {
                assertThat(label.apLow()).isEqualTo(label.ap());
                assertThat(label.apHigh()).isEqualTo(label.ap());
            }
        }
        assertThat(result.entries()).extracting(RobustnessResult.Entry::rank).containsExactly(1, 2, 3);
        assertThat(result.kendallTau()).isEqualTo(new RobustnessResult.TauSummary(1.0, 1.0, 1.0, 25));
        assertThat(result.pairs()).extracting(RobustnessResult.Pair::pABeatsB)
                .containsExactly(1.0, 1.0, 0.0, 1.0, 0.0, 0.0);
    }

    @Test
    void swappingTwoEntriesSwapsTheirRows() throws Exception {
        AnswerKey key = key(TASK2);
        RobustnessResult forward = RankingRobustness.analyse(key, List.of(entry(key, "a", 0.6, 1),
                entry(key, "b", 0.55, 2), entry(key, "c", 0.3, 3)), 200, 42, 2, RankingRobustness.Progress.NONE);
        RobustnessResult swapped = RankingRobustness.analyse(key, List.of(entry(key, "c", 0.3, 3),
                entry(key, "b", 0.55, 2), entry(key, "a", 0.6, 1)), 200, 42, 1, RankingRobustness.Progress.NONE);

        assertThat(swapped.entries().get(0)).isEqualTo(forward.entries().get(2));
        assertThat(swapped.entries().get(1)).isEqualTo(forward.entries().get(1));
        assertThat(swapped.entries().get(2)).isEqualTo(forward.entries().get(0));
        assertThat(swapped.pairs()).containsExactlyInAnyOrderElementsOf(forward.pairs());
        assertThat(swapped.kendallTau()).isEqualTo(forward.kendallTau());
        // the intervals are real ones: the two close entries trade places now and then
        RobustnessResult.Entry b = forward.entries().get(1);
        assertThat(b.mAPLow()).isLessThan(b.mAP());
        assertThat(b.mAPHigh()).isGreaterThan(b.mAP());
    }

    @Test
    void theSameSeedGivesTheSameNumbersWhateverTheThreads() throws Exception {
        AnswerKey key = key(TASK2);
        RobustnessResult one = RankingRobustness.analyse(key, List.of(entry(key, "a", 0.6, 1),
                entry(key, "b", 0.55, 2)), 50, 7, 1, RankingRobustness.Progress.NONE);
        RobustnessResult two = RankingRobustness.analyse(key, List.of(entry(key, "a", 0.6, 1),
                entry(key, "b", 0.55, 2)), 50, 7, 3, RankingRobustness.Progress.NONE);
        RobustnessResult otherSeed = RankingRobustness.analyse(key, List.of(entry(key, "a", 0.6, 1),
                entry(key, "b", 0.55, 2)), 50, 8, 2, RankingRobustness.Progress.NONE);

        assertThat(two).isEqualTo(one);
        assertThat(otherSeed.entries().get(0).mAPLow()).isNotEqualTo(one.entries().get(0).mAPLow());
    }

    @Test
    void anEntryBetterOnEveryImageBeatsTheOtherInEveryReplicate() throws Exception {
        AnswerKey key = key(TASK2);
        // "better": every positive scored 1 and every negative 0, the other inverted on one label
        byte[] better = predictionsFromTruth(TASK2, -1);
        byte[] worse = predictionsFromTruth(TASK2, 3);
        List<RobustnessEntry> entries = List.of(
                new RobustnessEntry("worse", () -> Submission.read(new ByteArrayInputStream(worse), key, ReadLimits.DEFAULT)),
                new RobustnessEntry("better", () -> Submission.read(new ByteArrayInputStream(better), key, ReadLimits.DEFAULT)));

        RobustnessResult result = RankingRobustness.analyse(key, entries, 300, 99, 2, RankingRobustness.Progress.NONE);

        assertThat(result.pairs()).containsExactly(new RobustnessResult.Pair("worse", "better", 0.0),
                new RobustnessResult.Pair("better", "worse", 1.0));
        assertThat(result.entries().get(1).pFirst()).isEqualTo(1.0);
        assertThat(result.entries().get(1).rankCounts()).containsExactly(300, 0);
    }

    @Test
    void reportsProgressUpToTheTotal() throws Exception {
        AnswerKey key = key(TASK2);
        List<long[]> reports = java.util.Collections.synchronizedList(new ArrayList<>());
        RankingRobustness.analyse(key, List.of(entry(key, "a", 0.6, 1), entry(key, "b", 0.5, 2)), 100, 1, 2,
                (done, total) -> reports.add(new long[] {done, total}));

        assertThat(reports).isNotEmpty();
        assertThat(reports.stream().mapToLong(r -> r[0]).max().orElseThrow()).isEqualTo(200);
        assertThat(reports).allSatisfy(r -> assertThat(r[1]).isEqualTo(200));
    }

    @Test
    void listsEveryRefusedEntry() throws Exception {
        AnswerKey key = key(TASK2);
        byte[] broken = "dicom_id,Atelectasis\nx,0.5\n".getBytes(StandardCharsets.UTF_8);
        List<RobustnessEntry> entries = List.of(
                new RobustnessEntry("broken-1.csv", () -> Submission.read(new ByteArrayInputStream(broken), key, ReadLimits.DEFAULT)),
                entry(key, "fine", 0.5, 1),
                new RobustnessEntry("broken-2.csv", () -> Submission.read(new ByteArrayInputStream(broken), key, ReadLimits.DEFAULT)));

        assertThatThrownBy(() -> RankingRobustness.analyse(key, entries, 10, 1, 1, RankingRobustness.Progress.NONE))
                .isInstanceOf(RefusedEntriesException.class)
                .hasMessage("2 entries were refused: broken-1.csv, broken-2.csv");
    }

    @Test
    void refusesAKeyTooSmallToKeepAPositiveOfEveryLabel() throws Exception {
        // 40 labels with one positive each in 3 rows: a resample keeps all of them only by luck
        StringBuilder csv = new StringBuilder("dicom_id");
        for (int l = 0; l < 40; l++) {
            csv.append(",L").append(l);
        }
        csv.append('\n');
        for (int row = 0; row < 50; row++) {
            csv.append("id").append(row);
            for (int l = 0; l < 40; l++) {
                csv.append(',').append(row == l ? 1 : 0);
            }
            csv.append('\n');
        }
        AnswerKey key = AnswerKey.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "dicom_id", null,
                ReadLimits.DEFAULT);

        assertThatThrownBy(() -> BootstrapResamples.draw(key, 1, 5))
                .isInstanceOf(RefusedInputException.class)
                .hasMessageContaining("the answer key is too small for a bootstrap: replicate ")
                .hasMessageContaining("drew 1000 resamples of its 50 images and none kept a positive image of every label")
                .hasMessageContaining("its rarest labels: \"L0\" (1 positive)");
    }

    @Test
    void drawsAgainWhenALabelLosesItsPositivesAndSaysHowOften() throws Exception {
        AnswerKey key = key(TASK2); // its rarest labels have one to three positives in 406 images
        BootstrapResamples resamples = BootstrapResamples.draw(key, 3, 200);
        int[] counts = new int[key.rows()];
        for (int r = 0; r < 200; r++) {
            resamples.counts(r, counts);
            assertThat(Arrays.stream(counts).sum()).isEqualTo(key.rows());
            for (int l = 0; l < key.labels().size(); l++) {
                int positives = 0;
                for (int row = 0; row < key.rows(); row++) {
                    positives += counts[row] * key.truth(l)[row];
                }
                assertThat(positives).as("replicate " + r + " label " + key.labels().get(l)).isPositive();
            }
        }
        assertThat(resamples.redrawn()).isPositive();
    }

    @Test
    void percentilesFollowNumpysLinearMethod() {
        // numpy.percentile([1, 2, 3, 4], [2.5, 25, 50, 97.5]) -> 1.075, 1.75, 2.5, 3.925
        double[] values = {1, 2, 3, 4};
        assertThat(RobustnessStatistics.percentile(values, 2.5)).isEqualTo(1.075);
        assertThat(RobustnessStatistics.percentile(values, 25)).isEqualTo(1.75);
        assertThat(RobustnessStatistics.percentile(values, 50)).isEqualTo(2.5);
        assertThat(RobustnessStatistics.percentile(values, 97.5)).isEqualTo(3.925);
        assertThat(RobustnessStatistics.percentile(new double[] {5}, 97.5)).isEqualTo(5);
    }

    @Test
    void kendallTauIsScipysTauB() {
        // scipy.stats.kendalltau([1, 2, 3, 4, 5], [1, 3, 2, 5, 5]).statistic
        assertThat(RobustnessStatistics.kendallTauB(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 5, 5}))
                .isEqualTo(0.7378647873726218);
        assertThat(RobustnessStatistics.kendallTauB(new double[] {1, 1}, new double[] {1, 2})).isNaN();
    }

    private static RankedLabel ranked(AnswerKey key, Submission submission, int l) {
        return RankedLabel.of(key.truth(l), submission.predictions(l), new PairRadixSort(key.rows()),
                new long[key.rows()], new int[key.rows()]);
    }

    private static int positives(byte[] truth) {
        int p = 0;
        for (byte t : truth) {
            p += t;
        }
        return p;
    }

    static AnswerKey key(SyntheticData data) throws IOException, RefusedInputException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.writeAnswerKey(out);
        return AnswerKey.read(new ByteArrayInputStream(out.toByteArray()), "dicom_id", null, ReadLimits.DEFAULT);
    }

    static RobustnessEntry entry(AnswerKey key, String name, double skill, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TASK2.writeSubmission(out, skill, seed);
        byte[] file = out.toByteArray();
        return new RobustnessEntry(name, () -> Submission.read(new ByteArrayInputStream(file), key, ReadLimits.DEFAULT));
    }

    private static RobustnessEntry entry(String name, Submission submission) {
        return new RobustnessEntry(name, () -> submission);
    }

    /** Predictions equal to the truth (1 or 0), inverted on label {@code inverted} (none if -1). */
    private static byte[] predictionsFromTruth(SyntheticData data, int inverted) throws IOException {
        ByteArrayOutputStream keyCsv = new ByteArrayOutputStream();
        data.writeAnswerKey(keyCsv);
        String[] lines = keyCsv.toString(StandardCharsets.UTF_8).split("\n");
        StringBuilder csv = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",");
            csv.append(fields[0]);
            for (int l = 1; l < fields.length; l++) {
                boolean positive = fields[l].equals("1");
                csv.append(',').append(positive != (l - 1 == inverted) ? "1" : "0");
            }
            csv.append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = RankingRobustnessTests.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
