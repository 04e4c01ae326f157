package org.cxrlt.leaderboard.system;

/**
 * The principal of a request that carried a known bearer token, as the modules that do not own
 * tokens see it (the security filter, the audit log). {@code participant.Caller} is the one kind.
 */
public interface TokenHolder {

    /** Whether the token is an organizer token. */
    boolean organizer();

    /** Who, in the audit log: {@code participant:<id>}; null for an organizer (whose token carries no identity). */
    String auditActor();
}
