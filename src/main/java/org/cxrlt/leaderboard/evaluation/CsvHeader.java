package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The header line of a CSV, and where the id column and each label are in it. Columns are
 * matched by name, never by position; names are compared after trimming surrounding spaces.
 */
final class CsvHeader {

    /** Unscored columns named in the warning about them; the rest are counted. */
    static final int IGNORED_COLUMNS_NAMED = 5;
    /** How much of a header a refusal shows. */
    static final int HEADER_SHOWN = 200;

    private final List<String> names;
    private final Map<String, Integer> positions = new HashMap<>();
    /** The lines after the header, as far as the reader had them, when the header looks not comma-separated; else "". */
    private final String linesAfter;

    private CsvHeader(List<String> names, String linesAfter) {
        this.names = names;
        this.linesAfter = linesAfter;
        for (int i = names.size() - 1; i >= 0; i--) {
            positions.put(names.get(i), i);
        }
    }

    /** Reads the first record as the header; refuses an empty file or a malformed header. */
    static CsvHeader read(CsvReader reader) throws IOException, RefusedInputException {
        if (!reader.next()) {
            throw new RefusedInputException(Problem.ofFile("the file is empty: expected a header line and rows"));
        }
        if (reader.malformation() != null) {
            throw new RefusedInputException(Problem.atLine(reader.line(), "the header line is malformed: "
                    + reader.malformation()));
        }
        List<String> names = new ArrayList<>(reader.fieldCount());
        for (int i = 0; i < reader.fieldCount(); i++) {
            names.add(reader.text(i).strip());
        }
        String joined = String.join(",", names);
        // kept only to explain a refusal: a file separated by another character than the comma
        String linesAfter = joined.indexOf(';') >= 0 || joined.indexOf('\t') >= 0 || joined.startsWith("sep=")
                ? reader.peekLines(2, 1000) : "";
        return new CsvHeader(names, linesAfter);
    }

    int size() {
        return names.size();
    }

    List<String> names() {
        return names;
    }

    /** The label columns: every named column but the id, in file order (unnamed ones are not labels). */
    List<String> namesExcept(String idColumn) {
        return names.stream().filter(name -> !name.isEmpty() && !name.equals(idColumn)).toList();
    }

    /**
     * Finds the id column and each label, adding a problem for each one missing and each of
     * them that appears more than once. Other columns are not scored: any number of them may be
     * unnamed or share a name.
     *
     * @return the field index of the id column followed by those of the labels, or null if any
     *         problem was found
     */
    int[] locate(String idColumn, List<String> labels, ProblemList problems) {
        boolean ok = true;
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicated = new LinkedHashSet<>();
        Set<String> scored = new HashSet<>(labels);
        scored.add(idColumn);
        for (String name : names) {
            if (!seen.add(name) && scored.contains(name)) {
                duplicated.add(name);
            }
        }
        for (String name : duplicated) {
            problems.add(Problem.atLine(1, "column \"" + name + "\" appears more than once in the header"));
            ok = false;
        }
        int[] columns = new int[labels.size() + 1];
        List<String> wanted = new ArrayList<>(labels.size() + 1);
        wanted.add(idColumn);
        wanted.addAll(labels);
        for (int i = 0; i < wanted.size(); i++) {
            Integer position = positions.get(wanted.get(i));
            if (position == null) {
                problems.add(Problem.atLine(1, missingColumnMessage(wanted.get(i), i == 0)));
                ok = false;
            } else {
                columns[i] = position;
            }
        }
        return ok ? columns : null;
    }

    /**
     * What is wrong with the shape of the reader's current record: it does not split cleanly,
     * or has not as many fields as the header. Null if nothing is.
     */
    Problem misfit(CsvReader reader) {
        if (reader.malformation() != null) {
            return Problem.atLine(reader.line(), "the line is malformed: " + reader.malformation());
        }
        if (reader.fieldCount() != names.size()) {
            return Problem.atLine(reader.line(), "the line has " + reader.fieldCount()
                    + (reader.fieldCount() == 1 ? " field" : " fields") + " but the header has " + names.size());
        }
        return null;
    }

    /**
     * The warning that the columns not among the located ones are ignored, or null if there are
     * none.
     *
     * @param whose how the file is named in the warning, such as {@code " of the answer key"}, or ""
     */
    String unusedColumnsWarning(int[] located, String whose) {
        boolean[] used = new boolean[names.size()];
        for (int column : located) {
            used[column] = true;
        }
        // counted, and only the first few named: a header of a megabyte can have a million
        // columns, and a name built for each would take a hundred megabytes to name five
        List<String> named = new ArrayList<>();
        int unused = 0;
        for (int i = 0; i < names.size(); i++) {
            if (!used[i]) {
                if (named.size() < IGNORED_COLUMNS_NAMED) {
                    named.add(names.get(i).isEmpty() ? "(unnamed column " + (i + 1) + ")" : Problem.shorten(names.get(i)));
                }
                unused++;
            }
        }
        if (unused == 0) {
            return null;
        }
        boolean one = unused == 1;
        return "ignored " + unused + (one ? " column" : " columns") + whose + (one ? " that is" : " that are")
                + " not scored: " + String.join(", ", named)
                + (unused > named.size() ? " and " + (unused - named.size()) + " more" : "");
    }

    private String missingColumnMessage(String wanted, boolean isId) {
        String what = isId ? "the id column \"" + wanted + "\" is missing from the header"
                : "label column \"" + wanted + "\" is missing from the header";
        String folded = fold(wanted);
        for (String name : names) {
            if (fold(name).equals(folded)) {
                return what + " (found \"" + name + "\": names must match exactly, including case)";
            }
        }
        return isId ? what + separatorHint() : what;
    }

    /** In a holder: only a refusal needs it, and compiling it costs start-up time. */
    private static final class DecimalComma {
        /** A value such as {@code 0,123} between semicolons, tabs, quotes or line ends. */
        static final Pattern PATTERN = Pattern.compile("(?m)(?:^|[;\\t \"])[-+]?\\d+,\\d+(?=[;\\t \"\\r]|$)");
    }

    /**
     * The header as read and, when it does not look comma-separated, what the file seems to be:
     * what European Excel writes (semicolons, decimal commas, maybe a first line {@code sep=;}).
     */
    private String separatorHint() {
        String header = String.join(",", names);
        StringBuilder hint = new StringBuilder("; the header as read (split at commas): \"")
                .append(header.length() > HEADER_SHOWN ? header.substring(0, HEADER_SHOWN) + "..." : header)
                .append('"');
        String rows = linesAfter;
        String separated = header;
        if (header.startsWith("sep=")) {
            hint.append("; a first line \"sep=...\" is Excel's hint about the separator, not a header");
            int lineEnd = rows.indexOf('\n');
            separated = lineEnd < 0 ? rows : rows.substring(0, lineEnd);
            rows = lineEnd < 0 ? "" : rows.substring(lineEnd + 1);
        }
        String separator = separated.indexOf(';') >= 0 ? ";" : separated.indexOf('\t') >= 0 ? "tab" : null;
        if (separator != null) {
            hint.append("; the file looks separated by ").append(separator.equals(";") ? "\";\"" : "tabs")
                    .append(", not commas: save it as CSV with commas (in Excel: \"CSV UTF-8 (Comma delimited)\")");
        }
        if (DecimalComma.PATTERN.matcher(rows).find()) {
            hint.append("; its values look like 0,123: decimal commas are not numbers here, write 0.123");
        }
        return hint.toString();
    }

    private static String fold(String name) {
        return name.replaceAll("[\\s_]+", "").toLowerCase(Locale.ROOT);
    }
}
