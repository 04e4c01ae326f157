package org.cxrlt.leaderboard.challenge;

import java.time.Duration;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.system.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A request about a challenge, its tasks, phases or answer keys that was refused: its HTTP status and a sentence for the
 * caller, which the web edge ({@code system.ProblemDetailsAdvice}) answers as a problem detail.
 */
public final class ChallengeException extends ProblemException {

    private ChallengeException(HttpStatus status, String detail, Duration retryAfter, List<String> errors) {
        super(status, detail, retryAfter, errors);
    }

    /** Something the caller named does not exist (or is not theirs to see): 404. */
    public static ChallengeException notFound(String detail) {
        return new ChallengeException(HttpStatus.NOT_FOUND, detail, null, null);
    }

    /** The request breaks a rule the caller can fix: 400. */
    public static ChallengeException invalid(String detail) {
        return new ChallengeException(HttpStatus.BAD_REQUEST, detail, null, null);
    }

    /**
     * A request with several things to fix: 400, every problem in one detail (in order, each a
     * sentence naming its field) and each in the problem's {@code errors}.
     */
    public static ChallengeException invalid(List<String> problems) {
        return new ChallengeException(HttpStatus.BAD_REQUEST, String.join(" ", problems), null, problems);
    }

    /** The request is understood but the state of things forbids it now: 409. */
    public static ChallengeException conflict(String detail) {
        return new ChallengeException(HttpStatus.CONFLICT, detail, null, null);
    }

    /** A file refused with every problem found (listed in errors): 422. {@code what} names it: "The file". */
    public static ChallengeException refusedFile(String what, RefusedInputException refusal) {
        return new ChallengeException(HttpStatus.UNPROCESSABLE_CONTENT, refusal.detail(what), null,
                refusal.describeAll());
    }
}
