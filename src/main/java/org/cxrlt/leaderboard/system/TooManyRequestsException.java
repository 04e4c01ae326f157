package org.cxrlt.leaderboard.system;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A client over one of the web edge's own rate limits: answered 429, with Retry-After when known. */
public class TooManyRequestsException extends ProblemException {

    /** @param retryAfter when trying again may succeed, or null when waiting alone does not help */
    public TooManyRequestsException(String message, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, message, retryAfter, null);
    }
}
