package org.cxrlt.leaderboard.system;

import java.util.Set;

/**
 * The principal of a request that carried a known bearer token, as the modules that do not own
 * tokens see it (the security filter, the audit log). {@code participant.Caller} is the one kind.
 */
public interface TokenHolder {

    /** Whether the token is an organizer token: the administrator's or an organizer account's. */
    boolean organizer();

    /** Who, in the audit log: {@code participant:<id>}, {@code organizer:<id> (<name>)} or {@code admin}. */
    String auditActor();

    /** Whether it may act as an organizer on the challenge (by id): the administrator on every one. */
    boolean organizes(long challengeId);

    /** Whether it is the platform administrator. */
    boolean administrator();

    /** The ids of the challenges an organizer account was assigned; empty for others (and the administrator). */
    Set<Long> organizedChallenges();
}
