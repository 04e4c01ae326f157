package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What organizers may change on a phase: its dates and its rules. */
public record PhaseSettings(Instant opensAt, Instant closesAt, PhaseRules rules) {

    /**
     * What is wrong with a schedule, in the sentences of every other refusal of one: opensAt
     * missing, or closesAt not after it; empty when it can be a phase's.
     */
    public static List<String> scheduleProblems(Instant opensAt, Instant closesAt) {
        List<String> problems = new ArrayList<>();
        PhaseSchedule.check("", opensAt, closesAt, problems);
        return problems;
    }
}
