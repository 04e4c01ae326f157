package org.cxrlt.leaderboard.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An {@code /api/v1/admin} endpoint only the platform administrator may call, even where its
 * path names a challenge (assigning organizers to one). Others get 403. Read by the organizer
 * scope check ({@code participant.ChallengeAccess}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AdministratorOnly {
}
