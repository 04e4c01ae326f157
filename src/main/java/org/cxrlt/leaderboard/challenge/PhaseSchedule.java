package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a phase takes submissions: from {@code opensAt} (inclusive) to {@code closesAt}
 * (exclusive; none means it never closes). The one rule for a schedule, checked for a whole
 * definition (PUT) and for a change of one phase (PATCH) alike.
 */
final class PhaseSchedule {

    private PhaseSchedule() {
    }

    /** Whether a phase with this schedule is open at {@code now}: {@code opensAt <= now < closesAt}. */
    static boolean isOpen(Instant opensAt, Instant closesAt, Instant now) {
        return !now.isBefore(opensAt) && (closesAt == null || now.isBefore(closesAt));
    }

    /**
     * Refuses (400) a schedule without an opening time or closing before it opens: the request
     * asks for a phase that cannot exist, whatever the phase was before.
     *
     * @param at where the schedule is in the request ({@code tasks[0].phases[1].}), or ""
     */
    static void check(String at, Instant opensAt, Instant closesAt) {
        List<String> problems = new ArrayList<>();
        check(at, opensAt, closesAt, problems);
        if (!problems.isEmpty()) {
            throw ChallengeException.invalid(problems);
        }
    }

    /** The same checks, each problem added to {@code problems}. */
    static void check(String at, Instant opensAt, Instant closesAt, List<String> problems) {
        if (opensAt == null) {
            problems.add(at + "opensAt is required.");
        } else if (closesAt != null && !closesAt.isAfter(opensAt)) {
            problems.add(at + "closesAt " + closesAt + " is not after its opensAt " + opensAt
                    + ": a phase must close after it opens.");
        }
    }
}
