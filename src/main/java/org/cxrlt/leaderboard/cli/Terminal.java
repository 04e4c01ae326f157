package org.cxrlt.leaderboard.cli;

/**
 * Text from the files, made safe to print on a terminal: the command line prints ids, values and
 * column names that an uploader wrote, and a control character among them (an escape sequence,
 * a carriage return, a line break inside a quoted value) would act on the terminal or break the
 * one-problem-per-line listing instead of being shown.
 */
final class Terminal {

    private Terminal() {
    }

    /**
     * {@code text} with every control character (C0, DEL and C1) written as an escape:
     * {@code \n}, {@code \r} and {@code \t} as such, the others as {@code \u001b} and the like.
     */
    static String visible(String text) {
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
            if (!control) {
                if (shown != null) {
                    shown.append(c);
                }
                continue;
            }
            if (shown == null) {
                shown = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> shown.append(String.format("\\u%04x", (int) c));
            }
        }
        return shown == null ? text : shown.toString();
    }

    /** {@link #visible} for each line of {@code text}, its own line ends kept. */
    static String visibleLines(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            int lineEnd = end < 0 ? text.length() : end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            shown.append(visible(text.substring(start, lineEnd))).append(text, lineEnd, next);
            start = next;
        }
        return shown.toString();
    }
}
