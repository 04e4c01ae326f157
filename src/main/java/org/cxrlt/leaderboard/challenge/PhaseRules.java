package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import org.cxrlt.leaderboard.system.Choices;

/**
 * The organizers' rules of a phase.
 *
 * @param maxPerDay          submissions per team and UTC day; null: no limit
 * @param maxTotal           submissions per team in the phase; null: no limit
 * @param maxInFlight        submissions of a team queued or being scored at once; null: no limit
 * @param paused             uploads refused while true
 * @param labelScoresVisible whether participants see per-label scores of their own submissions before
 *                           the phase closes (organizers always do)
 * @param factSheet          whether each submission carries a fact sheet (null: {@link FactSheetPolicy#NONE})
 */
public record PhaseRules(Integer maxPerDay, Integer maxTotal, Integer maxInFlight, boolean paused,
                         Selection selection, Visibility visibility, boolean labelScoresVisible,
                         FactSheetPolicy factSheet) {

    public static final PhaseRules DEFAULT = new PhaseRules(null, null, null, false, Selection.BEST,
            Visibility.PUBLIC, true, FactSheetPolicy.NONE);

    public PhaseRules {
        limit("maxPerDay", maxPerDay);
        limit("maxTotal", maxTotal);
        limit("maxInFlight", maxInFlight);
        if (selection == null) {
            throw ChallengeException.invalid("selection must be one of " + names(Selection.values()) + ".");
        }
        if (visibility == null) {
            throw ChallengeException.invalid("visibility must be one of " + names(Visibility.values()) + ".");
        }
        if (factSheet == null) {
            factSheet = FactSheetPolicy.NONE;
        }
    }

    /** Whether scores are hidden from non-organizers now: before a HIDDEN_UNTIL_CLOSE phase closes. */
    public boolean scoresHiddenAt(Instant now, Instant closesAt) {
        return visibility == Visibility.HIDDEN_UNTIL_CLOSE && (closesAt == null || now.isBefore(closesAt));
    }

    private static void limit(String field, Integer value) {
        if (value != null && value < 0) {
            throw ChallengeException.invalid(field + " must be 0 or more (or null for no limit), not " + value + ".");
        }
    }

    /** Reads an enum value a client sent, with a message naming the field and the values allowed. */
    public static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        E found = Choices.find(value, type);
        if (found == null) {
            throw ChallengeException.invalid(Choices.refusal(field, type.getEnumConstants(), value));
        }
        return found;
    }

    private static String names(Enum<?>[] values) {
        return Choices.names(values);
    }
}
