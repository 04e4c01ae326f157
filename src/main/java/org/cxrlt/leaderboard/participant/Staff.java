package org.cxrlt.leaderboard.participant;

import java.util.Set;

/**
 * An organizer behind a request: the platform administrator (the {@code CXRLT_ADMIN_TOKEN} or
 * the generated first token), who organizes every challenge, or a named organizer account,
 * which organizes only the challenges the administrator assigned to it.
 *
 * @param id           the organizer account's id; 0 for the administrator, who has no account
 * @param name         the account's name; {@code administrator} for the administrator
 * @param admin        whether this is the platform administrator
 * @param challengeIds the ids of the challenges assigned to the account; empty for the administrator
 */
public record Staff(long id, String name, boolean admin, Set<Long> challengeIds) {

    static final Staff ADMINISTRATOR = new Staff(0, "administrator", true, Set.of());

    public Staff {
        challengeIds = Set.copyOf(challengeIds);
    }

    /** Whether it may act on the challenge: the administrator on every one, an organizer on its own. */
    public boolean organizes(long challengeId) {
        return admin || challengeIds.contains(challengeId);
    }

    /** Who, in the audit log: {@code admin}, or {@code organizer:<id> (<name>)}. */
    public String auditActor() {
        return admin ? "admin" : "organizer:" + id + " (" + name + ")";
    }
}
