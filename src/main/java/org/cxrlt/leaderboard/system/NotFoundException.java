package org.cxrlt.leaderboard.system;

/** Something the caller named does not exist (or is not theirs to see): answered 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
