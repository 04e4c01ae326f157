package org.cxrlt.leaderboard.system;

import java.util.Arrays;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.postgresql.util.PSQLException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The web edge of every error: domain exceptions and Spring MVC's own become RFC 9457
 * problem details with a sentence for a human, never a class name, stack trace or SQL.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final DataSize maxUploadSize;

    ProblemDetailsAdvice(UploadSettings uploads) {
        this.maxUploadSize = uploads.maxUploadSize();
    }

    /** Every module's refusal: its status, its sentence, its errors and Retry-After when it has them. */
    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> refused(ProblemException e) {
        return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).body(e.getBody());
    }

    /**
     * A change the database refused. Logged by constraint and SQL state only: PostgreSQL's own
     * message repeats the values (an email address), which do not belong in the log. A data
     * exception (SQL state class 22: a value out of range, a NUL byte) is the request's fault: 400.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        String state = null;
        String constraint = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql) {
                state = psql.getSQLState();
                constraint = psql.getServerErrorMessage() == null ? null : psql.getServerErrorMessage().getConstraint();
                break;
            }
            if (cause instanceof java.sql.SQLException sql && state == null) {
                state = sql.getSQLState();
            }
        }
        if (state != null && state.startsWith("22")) {
            log.info("Refused a value the database cannot store (SQL state {})", state);
            return problem(HttpStatus.BAD_REQUEST, "A value of the request cannot be stored: it is out of range or "
                    + "contains a character that is not allowed.");
        }
        log.info("Refused a change that conflicts with stored data: constraint {} (SQL state {})",
                constraint == null ? "unknown" : constraint, state == null ? "unknown" : state);
        return problem(HttpStatus.CONFLICT, "The request conflicts with data stored meanwhile; please try again.");
    }

    /** A multipart body that could not be read; a limit it hit is handled with the size limits below. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        MultipartRefusal refusal = MultipartRefusal.of(e, maxUploadSize);
        log.info("Refused a multipart body: {}", refusal.logged());
        return problem(refusal.status(), refusal.detail());
    }

    /**
     * A path or query value of the wrong type. For an enum (the {@code ?status=} filters) the
     * detail names every valid value, in the wording of the other enum refusals
     * ({@code status must be one of PENDING, APPROVED, REJECTED, not 'MAYBE'.}).
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        // a repeated query parameter arrives as an array: show its values, not the array's identity
        Object value = e.getValue() instanceof Object[] values && values.length == 1 ? values[0]
                : e.getValue() instanceof Object[] values ? String.join("', '", Arrays.stream(values)
                        .map(String::valueOf).toList()) : e.getValue();
        if (type != null && type.isEnum()) {
            return problem(HttpStatus.BAD_REQUEST, Choices.refusal(e.getName(), (Enum<?>[]) type.getEnumConstants(),
                    value));
        }
        return problem(HttpStatus.BAD_REQUEST, "The value '" + value + "' is not valid for '" + e.getName() + "'.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseUnavailable.isCause(e)) {
            return databaseUnavailable(e);
        }
        log.error("Unexpected error answering a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "An internal error occurred; it has been logged for the organizers.");
    }

    static ResponseEntity<ProblemDetail> databaseUnavailable(Throwable e) {
        log.warn("Answered 503: the database is unavailable ({})", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER.toSeconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DatabaseUnavailable.DETAIL));
    }

    /** Rewrites the details Spring MVC gives its own exceptions where they are not a plain sentence. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        String detail = null;
        if (e instanceof MaxUploadSizeExceededException) {
            MultipartRefusal refusal = MultipartRefusal.of(e, maxUploadSize);
            log.info("Refused a multipart body: {}", refusal.logged());
            status = refusal.status();
            detail = refusal.detail();
        } else if (e instanceof HttpMessageNotReadableException) {
            BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
            if (tooLarge != null) {
                log.info("Refused a request body over the limit of {}", Sizes.describe(tooLarge.limit()));
                status = HttpStatus.CONTENT_TOO_LARGE;
                detail = RequestLimitsFilter.tooLarge(tooLarge.limit());
            } else {
                detail = unreadable(e);
            }
        } else if (e instanceof MethodArgumentNotValidException invalid) {
            detail = "The request is not valid: " + String.join("; ", fieldErrors(invalid)) + ".";
        } else if (e instanceof HandlerMethodValidationException) {
            detail = "A parameter of the request is not valid.";
        } else if (e instanceof NoResourceFoundException notFound) {
            detail = "There is nothing at " + notFound.getHttpMethod() + " /" + notFound.getResourcePath() + ".";
        }
        if (detail != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
            if (e instanceof MethodArgumentNotValidException invalid) {
                problem.setProperty("errors", fieldErrors(invalid));
            }
            body = problem;
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** Names the field Jackson stopped at, and why, when it can. */
    private static String unreadable(Exception e) {
        JacksonException jackson = causeOf(e, JacksonException.class);
        String field = jackson == null ? "" : path(jackson);
        if (jackson instanceof JsonInputChecks.RefusedValueException refused && !field.isEmpty()) {
            return field + " " + refused.reason() + ".";
        }
        if (jackson instanceof DatabindException && !field.isEmpty()) {
            return field + " does not have a value of the expected type.";
        }
        return "The request body is not valid JSON or does not have the expected fields and types.";
    }

    /** {@code tasks[0].phases[1].opensAt}, from where Jackson stopped; empty at the top. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static List<String> fieldErrors(MethodArgumentNotValidException invalid) {
        return invalid.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted() // the validator's order varies from run to run
                .toList();
    }

    /** Whole seconds for Retry-After, rounded up: a client retrying at once must not be refused again. */
    static long seconds(java.time.Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
