package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Tomcat's answer to what never reaches the application (request headers over
 * {@code server.max-http-request-header-size}, a malformed request line, bytes left over after
 * a short Content-Length) as a problem detail rather than its HTML page. Replaces the host's
 * error report valve.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemErrorReportValve.class);

    private final DataSize maxHeaderSize;

    ProblemErrorReportValve(DataSize maxHeaderSize) {
        this.maxHeaderSize = maxHeaderSize;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String detail = detail(status, throwable);
        log.info("Refused a request the server could not read ({}): {}", code, detail);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + (status == null ? "Error" : status.getReasonPhrase())
                + "\",\"status\":" + code + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken: nothing more to tell it
        }
    }

    /** Sentences of our own (no quotes or backslashes, so they need no JSON escaping). */
    private String detail(HttpStatus status, Throwable throwable) {
        String reason = throwable == null || throwable.getMessage() == null ? "" : throwable.getMessage();
        if (status == HttpStatus.BAD_REQUEST && reason.toLowerCase(java.util.Locale.ROOT).contains("too large")) {
            return "The request headers are larger than the limit of " + Sizes.describe(maxHeaderSize) + ".";
        }
        if (status == HttpStatus.BAD_REQUEST || status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) {
            return "The request could not be read: its request line or headers are malformed or too large (at most "
                    + Sizes.describe(maxHeaderSize) + " of headers).";
        }
        if (status != null && status.is5xxServerError()) {
            return "An internal error occurred; it has been logged for the organizers.";
        }
        return "The request was refused" + (status == null ? "." : ": " + status.getReasonPhrase() + ".");
    }
}
