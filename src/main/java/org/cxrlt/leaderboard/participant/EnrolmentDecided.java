package org.cxrlt.leaderboard.participant;

/**
 * An enrolment was approved or rejected by its challenge's organizers: published inside the
 * deciding transaction; listeners use {@code @TransactionalEventListener} (after commit).
 *
 * @param challenge  the challenge's slug
 * @param reason     the organizers' reason for a rejection; null when approved
 * @param dataAccess the challenge's data-access instructions; null when rejected or unset
 */
public record EnrolmentDecided(long participantId, String name, String email, String challenge,
                               String challengeTitle, boolean approved, String reason, String dataAccess) { }
