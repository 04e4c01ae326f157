package org.cxrlt.leaderboard.site;

import java.time.Duration;
import java.util.List;
import org.cxrlt.leaderboard.system.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A page request that was refused: its HTTP status and a sentence for the
 * caller, which the web edge ({@code system.ProblemDetailsAdvice}) answers as a problem detail.
 */
public final class SiteException extends ProblemException {

    private SiteException(HttpStatus status, String detail, Duration retryAfter, List<String> errors) {
        super(status, detail, retryAfter, errors);
    }

    /** Something the caller named does not exist (or is not theirs to see): 404. */
    public static SiteException notFound(String detail) {
        return new SiteException(HttpStatus.NOT_FOUND, detail, null, null);
    }
}
