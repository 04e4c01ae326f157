package org.cxrlt.leaderboard.submission;

import java.time.Duration;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.system.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A submission, or a request about one, that was refused: its HTTP status and a sentence for the
 * caller, which the web edge ({@code system.ProblemDetailsAdvice}) answers as a problem detail.
 */
public final class SubmissionException extends ProblemException {

    private SubmissionException(HttpStatus status, String detail, Duration retryAfter, List<String> errors) {
        super(status, detail, retryAfter, errors);
    }

    /** Something the caller named does not exist (or is not theirs to see): 404. */
    public static SubmissionException notFound(String detail) {
        return new SubmissionException(HttpStatus.NOT_FOUND, detail, null, null);
    }

    /** The caller is known but may not do this: 403. */
    public static SubmissionException notAllowed(String detail) {
        return new SubmissionException(HttpStatus.FORBIDDEN, detail, null, null);
    }

    /** The request breaks a rule the caller can fix: 400. */
    public static SubmissionException invalid(String detail) {
        return new SubmissionException(HttpStatus.BAD_REQUEST, detail, null, null);
    }

    /** The request is understood but the state of things forbids it now: 409. */
    public static SubmissionException conflict(String detail) {
        return new SubmissionException(HttpStatus.CONFLICT, detail, null, null);
    }

    /** A request whose body arrived too slowly to be taken: 408. */
    public static SubmissionException tooSlow(String detail) {
        return new SubmissionException(HttpStatus.REQUEST_TIMEOUT, detail, null, null);
    }

    /** An upload over its size limit: 413. */
    public static SubmissionException tooLarge(String detail) {
        return new SubmissionException(HttpStatus.CONTENT_TOO_LARGE, detail, null, null);
    }

    /** A limit on how often or how much the caller may do this: 429, with Retry-After unless null. */
    public static SubmissionException tooMany(String detail, Duration retryAfter) {
        return new SubmissionException(HttpStatus.TOO_MANY_REQUESTS, detail, retryAfter, null);
    }

    /** The service could not take the request in time, through no fault of the caller: 503 with Retry-After. */
    public static SubmissionException busy(String detail, Duration retryAfter) {
        return new SubmissionException(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter, null);
    }

    /** A file refused with every problem found (listed in errors): 422. {@code what} names it: "The file". */
    public static SubmissionException refusedFile(String what, RefusedInputException refusal) {
        return new SubmissionException(HttpStatus.UNPROCESSABLE_CONTENT, refusal.detail(what), null,
                refusal.describeAll());
    }

    /** A file refused with the problems listed in errors: 422. */
    public static SubmissionException refusedFile(String detail, List<String> errors) {
        return new SubmissionException(HttpStatus.UNPROCESSABLE_CONTENT, detail, null, errors);
    }
}
