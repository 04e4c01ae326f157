package org.cxrlt.leaderboard.challenge;

import java.time.Instant;

/** What organizers may change on a phase: its dates and its rules. */
public record PhaseSettings(Instant opensAt, Instant closesAt, PhaseRules rules) {
}
