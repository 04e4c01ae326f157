package org.cxrlt.leaderboard.system;

/** The request is understood but the state of things forbids it now: answered 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
