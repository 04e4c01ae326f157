package org.cxrlt.leaderboard.submission;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.cxrlt.leaderboard.challenge.FactSheetPolicy;
import org.cxrlt.leaderboard.system.DisplayNames;

/**
 * What a submission says of its method, for challenge papers (as CodaLab and EvalAI ask for it).
 * Each field may be null; a phase's {@link FactSheetPolicy} decides whether any is wanted.
 *
 * @param methodName        one line, at most {@value #MAX_METHOD_NAME} characters (normalized as names are)
 * @param methodDescription several lines, at most {@value #MAX_METHOD_DESCRIPTION} characters
 * @param codeUrl           an absolute {@code http} or {@code https} URL with a host, at most {@value #MAX_URL}
 *                          characters
 * @param paperUrl          as {@code codeUrl}
 */
public record FactSheet(String methodName, String methodDescription, String codeUrl, String paperUrl) {

    public static final int MAX_METHOD_NAME = 200;
    public static final int MAX_METHOD_DESCRIPTION = 5000;
    public static final int MAX_URL = 2000;

    /**
     * The fields as a client sent them, each checked and normalized; null when none was given.
     *
     * @throws SubmissionException (400) naming the field ({@code methodName}, {@code methodDescription},
     *                                 {@code codeUrl}, {@code paperUrl}) of a wrong value
     */
    public static FactSheet of(String methodName, String methodDescription, String codeUrl, String paperUrl) {
        FactSheet sheet = new FactSheet(DisplayNames.optionalName("methodName", methodName, MAX_METHOD_NAME),
                DisplayNames.text("methodDescription", methodDescription, MAX_METHOD_DESCRIPTION),
                url("codeUrl", codeUrl), url("paperUrl", paperUrl));
        return sheet.isEmpty() ? null : sheet;
    }

    boolean isEmpty() {
        return methodName == null && methodDescription == null && codeUrl == null && paperUrl == null;
    }

    /**
     * Refuses (400, naming the field) a fact sheet a phase does not take, or a missing part of one
     * it requires.
     *
     * @param sheet null when the upload carried none
     * @param phase the phase as people read it ("development phase of task2 of cxr-lt-2024")
     */
    static void check(FactSheetPolicy policy, FactSheet sheet, String phase) {
        if (policy == FactSheetPolicy.NONE && sheet != null) {
            throw SubmissionException.invalid("The " + phase + " takes no fact sheet: leave out methodName, "
                    + "methodDescription, codeUrl and paperUrl.");
        }
        if (policy == FactSheetPolicy.REQUIRED) {
            if (sheet == null || sheet.methodName() == null) {
                throw SubmissionException.invalid("methodName is required: the " + phase + " asks for a fact sheet "
                        + "with each submission (methodName and methodDescription; codeUrl and paperUrl optional).");
            }
            if (sheet.methodDescription() == null) {
                throw SubmissionException.invalid("methodDescription is required: the " + phase + " asks for a fact "
                        + "sheet with each submission (methodName and methodDescription; codeUrl and paperUrl "
                        + "optional).");
            }
        }
    }

    private static String url(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.strip();
        if (url.length() > MAX_URL) {
            throw SubmissionException.invalid(field + " must be at most " + MAX_URL + " characters long.");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw SubmissionException.invalid(field + " must be a URL without spaces or control characters "
                        + "(it contains " + String.format(Locale.ROOT, "U+%04X", (int) c) + ").");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw SubmissionException.invalid(field + " is not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw SubmissionException.invalid(field + " must be an http or https URL (such as "
                    + "https://github.com/team/method).");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw SubmissionException.invalid(field + " must name a host (such as https://github.com/team/method).");
        }
        if (uri.getRawUserInfo() != null) {
            throw SubmissionException.invalid(field + " must not carry a user name or password.");
        }
        return url;
    }
}
