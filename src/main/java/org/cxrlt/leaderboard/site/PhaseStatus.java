package org.cxrlt.leaderboard.site;

import java.time.Duration;
import java.time.Instant;
import org.cxrlt.leaderboard.challenge.ChallengeView.PhaseView;

/** A phase's state as the pages say it at one instant: "open", "paused", "opens in 3 days", "closed". */
public record PhaseStatus(Instant now) {

    public String state(PhaseView phase) {
        return state(phase, now);
    }

    public String describe(PhaseView phase) {
        return describe(phase, now);
    }

    /** @return one of {@code open}, {@code paused}, {@code upcoming}, {@code closed} */
    public static String state(PhaseView phase, Instant now) {
        if (phase.closesAt() != null && !now.isBefore(phase.closesAt())) {
            return "closed";
        }
        if (now.isBefore(phase.opensAt())) {
            return "upcoming";
        }
        return phase.paused() ? "paused" : "open";
    }

    public static String describe(PhaseView phase, Instant now) {
        return switch (state(phase, now)) {
            case "closed" -> "closed";
            case "upcoming" -> "opens in " + span(Duration.between(now, phase.opensAt()));
            case "paused" -> "paused";
            default -> phase.closesAt() == null ? "open"
                    : "open, closes in " + span(Duration.between(now, phase.closesAt()));
        };
    }

    /** An instant as the pages print it in UTC, {@code 2024-08-01 00:00 UTC}; "never" for null. */
    public String utc(Instant instant) {
        return instant == null ? "never" : UTC.format(instant);
    }

    /** A score as the pages print it: 4 decimals whatever the locale; "–" for none. */
    public String number(Double value) {
        if (value == null) {
            return "–";
        }
        StringBuilder text = new StringBuilder(6);
        HeatMap.fixed4(text, value); // every score is in [0, 1]
        return text.toString();
    }

    private static final java.time.format.DateTimeFormatter UTC =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC);

    /** A span rounded down to its largest unit: "3 days", "5 hours", "12 minutes", "less than a minute". */
    static String span(Duration d) {
        if (d.toDays() >= 1) {
            return plural(d.toDays(), "day");
        }
        if (d.toHours() >= 1) {
            return plural(d.toHours(), "hour");
        }
        if (d.toMinutes() >= 1) {
            return plural(d.toMinutes(), "minute");
        }
        return "less than a minute";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
