package org.cxrlt.leaderboard.system;

/** A request whose content breaks a rule the caller can fix: answered 400. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
