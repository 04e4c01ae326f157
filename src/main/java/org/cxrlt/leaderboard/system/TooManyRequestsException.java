package org.cxrlt.leaderboard.system;

import java.time.Duration;

/** A limit on how often or how much a caller may do something: answered 429, with Retry-After when known. */
public class TooManyRequestsException extends RuntimeException {

    private final Duration retryAfter;

    /** @param retryAfter when trying again may succeed, or null when waiting alone does not help */
    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
