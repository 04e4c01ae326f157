package org.cxrlt.leaderboard.system;

/** The caller is known but may not do this: answered 403. */
public class NotAllowedException extends RuntimeException {
    public NotAllowedException(String message) {
        super(message);
    }
}
