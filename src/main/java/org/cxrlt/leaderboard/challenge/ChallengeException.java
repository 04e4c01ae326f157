package org.cxrlt.leaderboard.challenge;

import java.time.Duration;
import java.util.ArrayList;
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
     * A request with several things to fix: 400, the first {@value RefusedInputException#MAX_PROBLEMS_LISTED}
     * problems (in order, each a sentence naming its field) in one detail and each in the problem's
     * {@code errors}, then how many there are in all if more: a document with thousands of mistakes
     * gets an answer of a few kilobytes, as a refused file does.
     */
    public static ChallengeException invalid(List<String> problems) {
        return invalid(problems, null);
    }

    /**
     * As {@link #invalid(List)}, with {@code closing} (a sentence said once for all the problems,
     * such as the fields there are) at the end of the detail, or none when null.
     */
    public static ChallengeException invalid(List<String> problems, String closing) {
        boolean cut = problems.size() > RefusedInputException.MAX_PROBLEMS_LISTED;
        String detail = String.join(" ", cut ? problems.subList(0, RefusedInputException.MAX_PROBLEMS_LISTED) : problems)
                + (cut ? " And " + more(problems.size()) + "." : "")
                + (closing == null ? "" : " " + closing);
        return new ChallengeException(HttpStatus.BAD_REQUEST, detail, null, listed(problems));
    }

    /** The first problems, and a last line saying how many more when some are left out. */
    private static List<String> listed(List<String> problems) {
        int max = RefusedInputException.MAX_PROBLEMS_LISTED;
        if (problems.size() <= max) {
            return List.copyOf(problems);
        }
        List<String> listed = new ArrayList<>(problems.subList(0, max));
        listed.add("... and " + more(problems.size()));
        return List.copyOf(listed);
    }

    private static String more(int total) {
        return (total - RefusedInputException.MAX_PROBLEMS_LISTED) + " more problems not listed (" + total
                + " in all)";
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
