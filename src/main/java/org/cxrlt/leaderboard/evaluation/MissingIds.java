package org.cxrlt.leaderboard.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The refusal for answer-key ids missing from a submission, and the warning for submission rows
 * whose id is not in the key. When ids of the submission would match after a usual slip (a file
 * extension such as {@code .jpg}, a folder path, another case), the refusal says so; ids are
 * still compared exactly.
 */
final class MissingIds {

    /** A file name's extension: a dot and 1 to 5 letters or digits at the end. */
    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,5}$");

    private MissingIds() {
    }

    static Problem describe(int missing, int keyRows, List<String> shownMissing, UnmatchedIds unmatched,
                            IdIndex keyIds) {
        StringBuilder message = new StringBuilder().append(missing).append(" of the answer key's ").append(keyRows)
                .append(" ids ").append(missing == 1 ? "is" : "are").append(" missing from the submission, e.g. ")
                .append(String.join(", ", shownMissing.stream().map(Problem::shorten).toList()))
                .append(missing > shownMissing.size() ? ", ..." : "");
        if (unmatched.count() > 0) {
            message.append("; ").append(unmatched.count()).append(unmatched.count() == 1
                            ? " id of the submission matches" : " ids of the submission match")
                    .append(" no answer-key id, e.g. ").append(quoted(unmatched.first()))
                    .append(unmatched.count() > unmatched.first().size() ? ", ..." : "");
            String hint = hint(unmatched.first(), keyIds);
            if (hint != null) {
                message.append("; ").append(hint);
            }
        }
        return Problem.ofFile(message.toString());
    }

    static String extraRowsWarning(String idColumn, UnmatchedIds unmatched) {
        long rows = unmatched.count();
        return "ignored " + rows + " row" + (rows == 1 ? "" : "s") + " whose " + idColumn
                + " is not in the answer key, e.g. " + String.join(", ", unmatched.first().stream()
                .map(Problem::shorten).toList());
    }

    /** What would make the first id that can match do so, or null if none can. */
    private static String hint(List<String> ids, IdIndex keyIds) {
        Map<String, String> byLowerCase = null;
        for (String id : ids) {
            String candidate = id;
            StringBuilder changes = new StringBuilder();
            int slash = Math.max(candidate.lastIndexOf('/'), candidate.lastIndexOf('\\'));
            if (slash >= 0) {
                candidate = candidate.substring(slash + 1);
                changes.append("removing the folder path \"").append(Problem.shorten(id.substring(0, slash + 1)))
                        .append('"');
            }
            Matcher extension = EXTENSION.matcher(candidate);
            if (extension.find() && extension.start() > 0) {
                changes.append(changes.isEmpty() ? "" : " and ").append("removing the extension \"")
                        .append(extension.group()).append('"');
                candidate = candidate.substring(0, extension.start());
            }
            String match = null;
            if (!changes.isEmpty() && contains(keyIds, candidate)) {
                match = candidate;
            } else {
                if (byLowerCase == null) {
                    byLowerCase = lowerCased(keyIds);
                }
                match = byLowerCase.get(candidate.toLowerCase(Locale.ROOT));
                if (match != null) {
                    changes.append(changes.isEmpty() ? "" : " and ").append("changing the case");
                }
            }
            if (match != null) {
                return "they would match after " + changes + " (\"" + Problem.shorten(id) + "\" would be \""
                        + Problem.shorten(match) + "\"), but ids are compared exactly: write them as the answer key"
                        + " does";
            }
        }
        return null;
    }

    private static boolean contains(IdIndex ids, String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return ids.find(bytes, 0, bytes.length) >= 0;
    }

    /** Made only for a refusal; the answer key is the organizers', so a plain hash map is safe. */
    private static Map<String, String> lowerCased(IdIndex ids) {
        Map<String, String> map = new HashMap<>();
        for (int row = 0; row < ids.size(); row++) {
            String id = ids.id(row);
            map.putIfAbsent(id.toLowerCase(Locale.ROOT), id);
        }
        return map;
    }

    private static String quoted(List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "\"" + Problem.shorten(id) + "\"").toList());
    }
}
