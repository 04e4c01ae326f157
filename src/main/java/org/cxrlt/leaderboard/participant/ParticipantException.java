package org.cxrlt.leaderboard.participant;

import java.time.Duration;
import java.util.List;
import org.cxrlt.leaderboard.system.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A request about participants, teams, enrolments or accounts that was refused: its HTTP status and a sentence for the
 * caller, which the web edge ({@code system.ProblemDetailsAdvice}) answers as a problem detail.
 */
public final class ParticipantException extends ProblemException {

    private ParticipantException(HttpStatus status, String detail, Duration retryAfter, List<String> errors) {
        super(status, detail, retryAfter, errors);
    }

    /** Something the caller named does not exist (or is not theirs to see): 404. */
    public static ParticipantException notFound(String detail) {
        return new ParticipantException(HttpStatus.NOT_FOUND, detail, null, null);
    }

    /** The caller is known but may not do this: 403. */
    public static ParticipantException notAllowed(String detail) {
        return new ParticipantException(HttpStatus.FORBIDDEN, detail, null, null);
    }

    /** The request breaks a rule the caller can fix: 400. */
    public static ParticipantException invalid(String detail) {
        return new ParticipantException(HttpStatus.BAD_REQUEST, detail, null, null);
    }

    /** The request is understood but the state of things forbids it now: 409. */
    public static ParticipantException conflict(String detail) {
        return new ParticipantException(HttpStatus.CONFLICT, detail, null, null);
    }

    /** An upload over its size limit: 413. */
    public static ParticipantException tooLarge(String detail) {
        return new ParticipantException(HttpStatus.CONTENT_TOO_LARGE, detail, null, null);
    }
}
