package org.cxrlt.leaderboard.participant;

import java.util.Set;
import org.cxrlt.leaderboard.system.TokenHolder;

/**
 * Who is making a request, as the bearer token says: an organizer (the platform administrator or
 * a named organizer account), or a participant's account. The principal of every authenticated
 * request. A participant's team, status and join request are those of one challenge: the
 * principal carries none of them (they are null) until {@link Enrolments#in} gives the caller as
 * a member of the challenge at hand.
 *
 * @param teamId      the team it is a member of in the challenge; null for an organizer, for an
 *                    account not resolved to a challenge, for a participant not enrolled in it, whose
 *                    join request is pending or who was removed from its team
 * @param status      its enrolment's status in the challenge; null when not enrolled (or not resolved)
 * @param pendingTeam the team it asked to join while the request is pending, else null
 * @param staff       the organizer behind the token; null for a participant
 */
public record Caller(Long participantId, Long teamId, String team, ParticipantStatus status,
                     String rejectionReason, boolean organizer, String pendingTeam, Staff staff)
        implements TokenHolder {

    @Override
    public String auditActor() {
        if (staff != null) {
            return staff.auditActor();
        }
        return participantId == null ? null : "participant:" + participantId;
    }

    /** Whether it may act as an organizer on the challenge: never for a participant. */
    @Override
    public boolean organizes(long challengeId) {
        return staff != null && staff.organizes(challengeId);
    }

    @Override
    public boolean administrator() {
        return staff != null && staff.admin();
    }

    @Override
    public Set<Long> organizedChallenges() {
        return staff == null ? Set.of() : staff.challengeIds();
    }

    /** A participant's account, before (or outside) any challenge. */
    static Caller ofAccount(long participantId) {
        return new Caller(participantId, null, null, null, null, false, null, null);
    }

    static Caller ofOrganizer() {
        return ofStaff(Staff.ADMINISTRATOR);
    }

    static Caller ofStaff(Staff staff) {
        return new Caller(null, null, null, null, null, true, null, staff);
    }
}
