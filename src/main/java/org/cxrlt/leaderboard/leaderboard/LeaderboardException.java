package org.cxrlt.leaderboard.leaderboard;

import java.time.Duration;
import java.util.List;
import org.cxrlt.leaderboard.system.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A request for a leaderboard or a snapshot that was refused: its HTTP status and a sentence for the
 * caller, which the web edge ({@code system.ProblemDetailsAdvice}) answers as a problem detail.
 */
public final class LeaderboardException extends ProblemException {

    private LeaderboardException(HttpStatus status, String detail, Duration retryAfter, List<String> errors) {
        super(status, detail, retryAfter, errors);
    }

    /** Something the caller named does not exist (or is not theirs to see): 404. */
    public static LeaderboardException notFound(String detail) {
        return new LeaderboardException(HttpStatus.NOT_FOUND, detail, null, null);
    }

    /** The caller is known but may not do this: 403. */
    public static LeaderboardException notAllowed(String detail) {
        return new LeaderboardException(HttpStatus.FORBIDDEN, detail, null, null);
    }

    /** The request breaks a rule the caller can fix: 400. */
    public static LeaderboardException invalid(String detail) {
        return new LeaderboardException(HttpStatus.BAD_REQUEST, detail, null, null);
    }

    /** The request is understood but the state of things forbids it now: 409. */
    public static LeaderboardException conflict(String detail) {
        return new LeaderboardException(HttpStatus.CONFLICT, detail, null, null);
    }
}
