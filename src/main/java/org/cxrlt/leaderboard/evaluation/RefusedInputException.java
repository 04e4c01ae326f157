package org.cxrlt.leaderboard.evaluation;

import java.util.List;

/**
 * An input file was refused: nothing was scored. Carries every problem found, up to
 * {@link #MAX_PROBLEMS_LISTED}, and how many were found in all.
 */
public class RefusedInputException extends Exception {

    public static final int MAX_PROBLEMS_LISTED = 20;

    private final transient List<Problem> problems;
    private final int totalProblems;

    public RefusedInputException(List<Problem> problems, int totalProblems) {
        super(summary(problems, totalProblems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one problem");
        }
        this.problems = List.copyOf(problems);
        this.totalProblems = Math.max(totalProblems, problems.size());
    }

    public RefusedInputException(Problem problem) {
        this(List.of(problem), 1);
    }

    /** The problems listed, at most {@link #MAX_PROBLEMS_LISTED}, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    /** How many problems were found, including those not listed. */
    public int totalProblems() {
        return totalProblems;
    }

    /** Every listed problem as one line each, then how many more were not listed, if any. */
    public List<String> describeAll() {
        List<String> lines = new java.util.ArrayList<>(problems.stream().map(Problem::describe).toList());
        if (totalProblems > problems.size()) {
            lines.add("... and " + (totalProblems - problems.size()) + " more problems not listed ("
                    + totalProblems + " in all)");
        }
        return lines;
    }

    /** The sentence for whoever sent the file; {@code what} names it: "The file", "The answer key". */
    public String detail(String what) {
        return totalProblems == 1
                ? what + " was refused: " + problems.get(0).describe() + "."
                : what + " was refused: " + totalProblems + " problems found, listed in errors.";
    }

    private static String summary(List<Problem> problems, int total) {
        int count = Math.max(total, problems.size());
        String first = problems.isEmpty() ? "" : ": " + problems.get(0).describe();
        return count == 1 ? "the file was refused" + first
                : "the file was refused, " + count + " problems found; the first" + first;
    }
}
