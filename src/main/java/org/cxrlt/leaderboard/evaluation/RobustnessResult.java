package org.cxrlt.leaderboard.evaluation;

import java.util.List;

/**
 * A paired bootstrap analysis of a leaderboard (see {@link RankingRobustness}). Intervals are
 * 95 % percentile intervals (the 2.5th and 97.5th percentiles, numpy's linear method) over the
 * replicates; ranks are 1 for the best, equal mAPs sharing the better rank (1, 1, 3).
 *
 * @param replicates the number of bootstrap replicates B
 * @param seed       the seed every resample derives from: the same seed gives the same numbers
 * @param redrawn    resamples drawn again because a label had no positive image in them
 * @param rows       images of the answer key, drawn with replacement in each replicate
 * @param labels     the labels scored, in answer-key order (the order of each entry's {@code labels})
 * @param entries    one per entry, in the order given
 * @param pairs      every ordered pair (a, b) of distinct entries: by a, then b, in the order given
 * @param kendallTau Kendall's tau-b between the full-data ranking and each replicate's; null when
 *                   undefined in every replicate (fewer than two entries, or all tied)
 */
public record RobustnessResult(int replicates, long seed, long redrawn, int rows, List<String> labels,
                               List<Entry> entries, List<Pair> pairs, TauSummary kendallTau) {

    public RobustnessResult {
        labels = List.copyOf(labels);
        entries = List.copyOf(entries);
        pairs = List.copyOf(pairs);
    }

    /**
     * @param mAP        on the full answer key: what {@code score} gives
     * @param rank       on the full answer key
     * @param rankMedian median of the replicates' ranks (may end in .5)
     * @param pFirst     share of replicates in which the entry ranks first (ties for first included)
     * @param rankCounts how many replicates gave rank 1, 2, ..., (number of entries)
     * @param labels     per label, in the result's label order
     */
    public record Entry(String name, double mAP, double mAPLow, double mAPHigh, int rank, double rankMedian,
                        double rankLow, double rankHigh, double pFirst, List<Integer> rankCounts,
                        List<LabelInterval> labels) {

        public Entry {
            rankCounts = List.copyOf(rankCounts);
            labels = List.copyOf(labels);
        }
    }

    /** A label's AP on the full answer key and its 95 % percentile interval over the replicates. */
    public record LabelInterval(String label, double ap, double apLow, double apHigh) {
    }

    /**
     * @param pABeatsB share of replicates in which a's mAP is strictly higher than b's (ties
     *                 count for neither, so {@code pABeatsB + pBBeatsA <= 1})
     */
    public record Pair(String a, String b, double pABeatsB) {
    }

    /**
     * @param defined replicates in which tau was defined (not all entries tied)
     */
    public record TauSummary(double median, double q1, double q3, int defined) {
    }
}
