package org.cxrlt.leaderboard.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An {@code /api/v1/admin} endpoint that names no challenge in its path yet every organizer may
 * call, because it limits what it returns to the caller's challenges itself (the audit log).
 * Without it, such an endpoint is the platform administrator's only. Read by the organizer scope
 * check ({@code participant.ChallengeAccess}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AnyOrganizer {
}
