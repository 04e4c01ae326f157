package org.cxrlt.leaderboard.system;

import java.time.Duration;

/** The service could not take the request in time, through no fault of the client: 503 with {@code Retry-After}. */
public class ServiceBusyException extends RuntimeException {

    private final Duration retryAfter;

    public ServiceBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
