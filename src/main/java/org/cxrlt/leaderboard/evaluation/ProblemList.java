package org.cxrlt.leaderboard.evaluation;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file: keeps the first {@value RefusedInputException#MAX_PROBLEMS_LISTED}, counts all. */
final class ProblemList {

    private final List<Problem> listed = new ArrayList<>();
    private int total;

    void add(Problem problem) {
        total++;
        if (listed.size() < RefusedInputException.MAX_PROBLEMS_LISTED) {
            listed.add(problem);
        }
    }

    /** Counts problems found but not kept. */
    void countMore(int count) {
        total += count;
    }

    /** The problems kept, at most {@value RefusedInputException#MAX_PROBLEMS_LISTED}. */
    List<Problem> listed() {
        return listed;
    }

    int total() {
        return total;
    }

    boolean isEmpty() {
        return total == 0;
    }

    /** Throws the refusal if any problem was found. */
    void throwIfAny() throws RefusedInputException {
        if (total > 0) {
            throw new RefusedInputException(listed, total);
        }
    }
}
