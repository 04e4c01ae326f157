package org.cxrlt.leaderboard.system;

import java.util.List;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;

/** An uploaded file was refused, with every problem found: answered 422. */
public class RefusedFileException extends RuntimeException {

    private final transient List<String> problems;

    public RefusedFileException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** {@code what} names the file: "The file", "The answer key". */
    public static RefusedFileException of(String what, RefusedInputException refusal) {
        String detail = refusal.totalProblems() == 1
                ? what + " was refused: " + refusal.problems().get(0).describe() + "."
                : what + " was refused: " + refusal.totalProblems() + " problems found, listed in errors.";
        return new RefusedFileException(detail, refusal.describeAll());
    }

    public List<String> problems() {
        return problems;
    }
}
