package org.cxrlt.leaderboard.participant;

/**
 * An organizer approved or rejected an enrolment: published inside the deciding transaction, so
 * that listeners after commit (e.g. the notification mail) see only decisions that were stored.
 *
 * @param participantId  the participant decided on
 * @param name           its name, as it registered
 * @param email          its email address
 * @param challenge      the challenge's slug
 * @param challengeTitle the challenge's title
 * @param approved       true when approved, false when rejected
 * @param reason         the organizers' reason for a rejection; null when approved or given none
 * @param dataAccess     the challenge's data-access instructions; null when rejected or unset
 */
public record EnrolmentDecided(long participantId, String name, String email, String challenge,
                               String challengeTitle, boolean approved, String reason, String dataAccess) { }
