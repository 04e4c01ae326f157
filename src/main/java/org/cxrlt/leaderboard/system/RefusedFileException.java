package org.cxrlt.leaderboard.system;

import java.util.List;
import org.springframework.http.HttpStatus;

/** An uploaded file the web edge's own checks refused (a header line too long), with every problem found: 422. */
public class RefusedFileException extends ProblemException {

    public RefusedFileException(String message, List<String> problems) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, message, null, problems);
    }
}
