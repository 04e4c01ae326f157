package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bootstrap against scikit-learn: for several seeds and replicates the resample the core
 * draws is the committed one, and scikit-learn's per-label AP and mAP on that resample (with
 * sample_weight, which equals AP on the materialized resample) are the core's, to the bit. For
 * the case with every replicate written, the whole analysis as numpy and scipy compute it.
 * Fixtures and the script that made them: {@code src/test/resources/robustness}.
 */
class RobustnessFixtureTests {

    private static final String ROOT = "/robustness/";
    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"task2_shape", "small_every_replicate"})
    @SuppressWarnings("unchecked")
    void replicatesScoreAsScikitLearnScoresTheMaterializedResample(String name) throws Exception {
        AnswerKey key = AnswerKey.read(open(name + "/truth.csv"), "dicom_id", null, ReadLimits.DEFAULT);
        Map<String, Object> expected = (Map<String, Object>) MiniJson.parse(text(name + "/expected.json"));
        Map<String, Submission> submissions = submissions(name, key, expected);
        for (Map<String, Object> run : (List<Map<String, Object>>) expected.get("runs")) {
            long seed = ((Double) run.get("seed")).longValue();
            int replicates = ((Double) run.get("replicates")).intValue();
            BootstrapResamples resamples = BootstrapResamples.draw(key, seed, replicates);
            int[] counts = new int[key.rows()];
            for (Map<String, Object> resample : (List<Map<String, Object>>) run.get("resamples")) {
                int r = ((Double) resample.get("replicate")).intValue();
                resamples.counts(r, counts);
                assertThat(counts).as("seed " + seed + " replicate " + r)
                        .containsExactly(committedCounts(name + "/" + resample.get("file")));
                Map<String, Map<String, Object>> entries = (Map<String, Map<String, Object>>) resample.get("entries");
                for (Map.Entry<String, Map<String, Object>> entry : entries.entrySet()) {
                    RankingRobustness.Replicate got = RankingRobustness.replicate(key, submissions.get(entry.getKey()),
                            seed, r);
                    assertThat(got.counts()).containsExactly(counts);
                    List<Double> ap = (List<Double>) entry.getValue().get("ap");
                    for (int l = 0; l < ap.size(); l++) {
                        String where = name + " seed " + seed + " replicate " + r + " " + entry.getKey() + " / "
                                + key.labels().get(l);
                        assertThat(got.ap()[l]).as(where).isCloseTo(ap.get(l), within(TOLERANCE));
                        assertThat(got.ap()[l]).as(where + " bit for bit").isEqualTo(ap.get(l));
                    }
                    assertThat(got.mAP()).isEqualTo((Double) entry.getValue().get("mAP"));
                }
            }
            if (run.containsKey("analysis")) {
                checkAnalysis(key, submissions, seed, replicates, (Map<String, Object>) run.get("analysis"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkAnalysis(AnswerKey key, Map<String, Submission> submissions, long seed, int replicates,
                                      Map<String, Object> want) throws Exception {
        List<RobustnessEntry> entries = new ArrayList<>();
        submissions.forEach((name, submission) -> entries.add(new RobustnessEntry(name, () -> submission)));
        RobustnessResult got = RankingRobustness.analyse(key, entries, replicates, seed, 2,
                RankingRobustness.Progress.NONE);

        List<Map<String, Object>> wantEntries = (List<Map<String, Object>>) want.get("entries");
        assertThat(got.entries()).hasSameSizeAs(wantEntries);
        for (int e = 0; e < wantEntries.size(); e++) {
            Map<String, Object> w = wantEntries.get(e);
            RobustnessResult.Entry g = got.entries().get(e);
            assertThat(g.name()).isEqualTo(w.get("name"));
            assertThat(g.mAP()).isCloseTo((Double) w.get("mAP"), within(TOLERANCE));
            assertThat(g.mAPLow()).isCloseTo((Double) w.get("mAPLow"), within(TOLERANCE));
            assertThat(g.mAPHigh()).isCloseTo((Double) w.get("mAPHigh"), within(TOLERANCE));
            assertThat(g.rankMedian()).isEqualTo(w.get("rankMedian"));
            assertThat(g.rankLow()).isCloseTo((Double) w.get("rankLow"), within(TOLERANCE));
            assertThat(g.rankHigh()).isCloseTo((Double) w.get("rankHigh"), within(TOLERANCE));
            assertThat(g.pFirst()).isEqualTo(w.get("pFirst"));
            List<Map<String, Object>> labels = (List<Map<String, Object>>) w.get("labels");
            for (int l = 0; l < labels.size(); l++) {
                assertThat(g.labels().get(l).label()).isEqualTo(labels.get(l).get("label"));
                assertThat(g.labels().get(l).apLow()).isCloseTo((Double) labels.get(l).get("apLow"), within(TOLERANCE));
                assertThat(g.labels().get(l).apHigh()).isCloseTo((Double) labels.get(l).get("apHigh"), within(TOLERANCE));
            }
        }
        List<Map<String, Object>> wantPairs = (List<Map<String, Object>>) want.get("pairs");
        assertThat(got.pairs()).hasSameSizeAs(wantPairs);
        for (int p = 0; p < wantPairs.size(); p++) {
            assertThat(got.pairs().get(p)).isEqualTo(new RobustnessResult.Pair((String) wantPairs.get(p).get("a"),
                    (String) wantPairs.get(p).get("b"), (Double) wantPairs.get(p).get("pABeatsB")));
        }
        Map<String, Object> tau = (Map<String, Object>) want.get("kendallTau");
        assertThat(got.kendallTau().median()).isCloseTo((Double) tau.get("median"), within(TOLERANCE));
        assertThat(got.kendallTau().q1()).isCloseTo((Double) tau.get("q1"), within(TOLERANCE));
        assertThat(got.kendallTau().q3()).isCloseTo((Double) tau.get("q3"), within(TOLERANCE));
    }

    /** The case's submissions by file name, sorted, as the command line takes them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Submission> submissions(String name, AnswerKey key, Map<String, Object> expected)
            throws Exception {
        Map<String, Object> firstRun = ((List<Map<String, Object>>) expected.get("runs")).get(0);
        Map<String, Object> firstResample = ((List<Map<String, Object>>) firstRun.get("resamples")).get(0);
        Map<String, Submission> submissions = new TreeMap<>();
        for (String file : ((Map<String, Object>) firstResample.get("entries")).keySet()) {
            try (InputStream in = open(name + "/submissions/" + file)) {
                submissions.put(file, Submission.read(in, key, ReadLimits.DEFAULT));
            }
        }
        return submissions;
    }

    private static int[] committedCounts(String path) throws IOException {
        String[] lines = text(path).split("\n");
        int[] counts = new int[lines.length - 1];
        for (int i = 1; i < lines.length; i++) {
            counts[i - 1] = Integer.parseInt(lines[i].substring(lines[i].lastIndexOf(',') + 1));
        }
        return counts;
    }

    private static InputStream open(String path) {
        InputStream in = RobustnessFixtureTests.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new IllegalStateException("missing robustness fixture " + ROOT + path);
        }
        return in;
    }

    private static String text(String path) throws IOException {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
