package org.cxrlt.leaderboard.leaderboard.web;

import org.cxrlt.leaderboard.leaderboard.LeaderboardException;

/** How a leaderboard (live or a snapshot) is asked for: JSON or CSV. */
final class Formats {

    private Formats() {
    }

    /**
     * CSV when {@code format=csv}, or without {@code format} when the Accept header names
     * {@code text/csv}; JSON otherwise.
     *
     * @throws LeaderboardException (400) for a {@code format} other than json or csv
     */
    static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw LeaderboardException.invalid("format must be json or csv, not '" + format + "'.");
            };
        }
        return accept != null && accept.contains("text/csv");
    }
}
