package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header line of a CSV, and where the id column and each label are in it. Columns are
 * matched by name, never by position; names are compared after trimming surrounding spaces.
 */
final class CsvHeader {

    private final List<String> names;
    private final Map<String, Integer> positions = new HashMap<>();

    private CsvHeader(List<String> names) {
        this.names = names;
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
        return new CsvHeader(names);
    }

    int size() {
        return names.size();
    }

    List<String> names() {
        return names;
    }

    /** The label columns: every column but the id, in file order. */
    List<String> namesExcept(String idColumn) {
        return names.stream().filter(name -> !name.equals(idColumn)).toList();
    }

    /**
     * Finds the id column and each label, adding a problem for each one missing and each
     * duplicated column name.
     *
     * @return the field index of the id column followed by those of the labels, or null if any
     *         problem was found
     */
    int[] locate(String idColumn, List<String> labels, ProblemList problems) {
        boolean ok = true;
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicated = new LinkedHashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
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
        List<String> unused = unusedColumns(located);
        if (unused.isEmpty()) {
            return null;
        }
        boolean one = unused.size() == 1;
        return "ignored " + unused.size() + (one ? " column" : " columns") + whose + (one ? " that is" : " that are")
                + " not scored: " + String.join(", ", unused);
    }

    private List<String> unusedColumns(int[] located) {
        boolean[] used = new boolean[names.size()];
        for (int column : located) {
            used[column] = true;
        }
        List<String> unused = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!used[i]) {
                unused.add(names.get(i).isEmpty() ? "(unnamed column " + (i + 1) + ")" : names.get(i));
            }
        }
        return unused;
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
        return what;
    }

    private static String fold(String name) {
        return name.replaceAll("[\\s_]+", "").toLowerCase(Locale.ROOT);
    }
}
