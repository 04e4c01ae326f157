package org.cxrlt.leaderboard.challenge;

/**
 * Whether a phase takes a fact sheet with each submission (the method name, its description, and
 * links to code and paper), as challenge papers need them.
 */
public enum FactSheetPolicy {
    /** No fact sheet: an upload carrying one is refused (400), so that nothing given is silently lost. */
    NONE,
    /** Taken and shown when given. */
    OPTIONAL,
    /** Every upload must carry a method name and a description (the links stay optional). */
    REQUIRED
}
