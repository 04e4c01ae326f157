package org.cxrlt.leaderboard.evaluation;

/**
 * One thing wrong with an input file, located as precisely as the reader could.
 *
 * @param line    1-based physical line of the file (the header is line 1), or 0 when the problem
 *                concerns the file as a whole
 * @param column  the column's header name, or {@code null} when not about one column
 * @param value   the offending text as found (shortened if long), or {@code null}
 * @param message a sentence for a human saying what is wrong
 */
public record Problem(long line, String column, String value, String message) {

    private static final int LONGEST_VALUE_SHOWN = 60;

    public static Problem ofFile(String message) {
        return new Problem(0, null, null, message);
    }

    public static Problem atLine(long line, String message) {
        return new Problem(line, null, null, message);
    }

    public static Problem atCell(long line, String column, String value, String message) {
        return new Problem(line, column, shorten(value), message);
    }

    /** One line of text: {@code line 7, column "Edema", value "abc": not a number}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (line > 0) {
            text.append("line ").append(line);
        }
        if (column != null) {
            text.append(text.isEmpty() ? "" : ", ").append("column \"").append(column).append('"');
        }
        if (value != null) {
            text.append(text.isEmpty() ? "" : ", ").append("value \"").append(value).append('"');
        }
        return text.isEmpty() ? message : text.append(": ").append(message).toString();
    }

    static String shorten(String value) {
        if (value == null || value.length() <= LONGEST_VALUE_SHOWN) {
            return value;
        }
        return value.substring(0, LONGEST_VALUE_SHOWN) + "...";
    }
}
