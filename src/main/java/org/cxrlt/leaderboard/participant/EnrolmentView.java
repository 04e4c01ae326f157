package org.cxrlt.leaderboard.participant;

import java.time.Instant;
import java.util.List;

/**
 * An enrolment in a challenge, as its participant sees it.
 *
 * @param team          the team it is a member of there, or null
 * @param requestedTeam the team it asked to join while its owner or an organizer has not decided, else null
 * @param reason        the organizers' reason when rejected, else null
 * @param evidence      the kinds of evidence sent with it
 */
public record EnrolmentView(String challenge, String challengeTitle, String team, String requestedTeam,
                            ParticipantStatus status, String reason, Instant enrolledAt, Instant decidedAt,
                            String physionetUsername, List<Evidence> evidence) {
}
