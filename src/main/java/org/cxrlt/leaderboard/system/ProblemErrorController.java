package org.cxrlt.leaderboard.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page for what fails outside Spring MVC (in a filter, in the container):
 * still a problem detail, still without internals.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.isCause(failure)) {
            return ProblemDetailsAdvice.databaseUnavailable(failure); // e.g. authenticating a token
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = switch (status) {
            case NOT_FOUND -> "There is nothing at this address.";
            case CONTENT_TOO_LARGE -> "The request is larger than the service accepts.";
            case BAD_REQUEST -> "The request could not be read.";
            // the container gave up a body that stopped arriving (cxrlt.web.body-read-timeout)
            case REQUEST_TIMEOUT -> "The request's body stopped arriving before its end; nothing was stored."
                    + " Send it again.";
            default -> status.is5xxServerError()
                    ? "An internal error occurred; it has been logged for the organizers."
                    : "The request was refused: " + status.getReasonPhrase() + ".";
        };
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
