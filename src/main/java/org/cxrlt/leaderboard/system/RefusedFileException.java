package org.cxrlt.leaderboard.system;

import java.util.List;

/** An uploaded file was refused, with every problem found: answered 422. */
public class RefusedFileException extends RuntimeException {

    private final transient List<String> problems;

    public RefusedFileException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
