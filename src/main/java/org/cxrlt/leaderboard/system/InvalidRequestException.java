package org.cxrlt.leaderboard.system;

import org.springframework.http.HttpStatus;

/** A request that breaks one of the web edge's own rules (paging, file names, display names): answered 400. */
public class InvalidRequestException extends ProblemException {
    public InvalidRequestException(String message) {
        super(HttpStatus.BAD_REQUEST, message);
    }
}
