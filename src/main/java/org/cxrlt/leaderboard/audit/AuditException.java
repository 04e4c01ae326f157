package org.cxrlt.leaderboard.audit;

import java.time.Duration;
import java.util.List;
import org.cxrlt.leaderboard.system.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A request for the audit log that was refused: its HTTP status and a sentence for the
 * caller, which the web edge ({@code system.ProblemDetailsAdvice}) answers as a problem detail.
 */
public final class AuditException extends ProblemException {

    private AuditException(HttpStatus status, String detail, Duration retryAfter, List<String> errors) {
        super(status, detail, retryAfter, errors);
    }

    /** Something the caller named does not exist (or is not theirs to see): 404. */
    public static AuditException notFound(String detail) {
        return new AuditException(HttpStatus.NOT_FOUND, detail, null, null);
    }

    /** The caller is known but may not do this: 403. */
    public static AuditException notAllowed(String detail) {
        return new AuditException(HttpStatus.FORBIDDEN, detail, null, null);
    }
}
