package org.cxrlt.leaderboard.system;

/** An upload is over the configured size limit: answered 413. */
public class TooLargeException extends RuntimeException {
    public TooLargeException(String message) {
        super(message);
    }
}
