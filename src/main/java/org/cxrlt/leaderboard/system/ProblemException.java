package org.cxrlt.leaderboard.system;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A refusal that carries its own RFC 9457 problem detail: the HTTP status, a sentence for a human
 * and, where it helps, the list of errors and when to try again. Each module throws its own
 * subclass ({@code submission.SubmissionException}, {@code challenge.ChallengeException}, ...);
 * {@link ProblemDetailsAdvice}, the web edge, answers every one of them the same way.
 */
public abstract class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final transient Duration retryAfter;
    private final transient List<String> errors;

    protected ProblemException(HttpStatus status, String detail) {
        this(status, detail, null, null);
    }

    /**
     * @param retryAfter when trying again may succeed (sent as {@code Retry-After}), or null
     * @param errors     every problem found (the problem's {@code errors}), or null
     */
    protected ProblemException(HttpStatus status, String detail, Duration retryAfter, List<String> errors) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    public HttpStatus getStatusCode() {
        return status;
    }

    /** A new problem detail: the status, the message as its detail, and the errors if any. */
    public ProblemDetail getBody() {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, getMessage());
        if (errors != null) {
            body.setProperty("errors", errors);
        }
        return body;
    }

    /** {@code Retry-After} in whole seconds, rounded up: a client retrying at once must not be refused again. */
    public HttpHeaders getHeaders() {
        HttpHeaders headers = new HttpHeaders();
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ProblemDetailsAdvice.seconds(retryAfter)));
        }
        return headers;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public List<String> errors() {
        return errors;
    }
}
