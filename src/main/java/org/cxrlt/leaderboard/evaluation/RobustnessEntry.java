package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.util.Objects;

/**
 * One entry of a robustness analysis: its name (a team, a file) and where its predictions come
 * from. The analysis reads entries one at a time and keeps only their sorted order, so that a
 * leaderboard of any length fits in bounded memory.
 */
public record RobustnessEntry(String name, Source source) {

    public RobustnessEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** Reads the entry's submission, checked against the analysis' answer key. Called once. */
    @FunctionalInterface
    public interface Source {
        Submission read() throws IOException, RefusedInputException;
    }
}
