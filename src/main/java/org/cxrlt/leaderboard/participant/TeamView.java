package org.cxrlt.leaderboard.participant;

import java.util.List;

/** A team as its members see it. */
public record TeamView(String name, Long ownerId, List<Member> members, int pendingRequests) {

    public record Member(long participantId, String name, ParticipantStatus status, boolean owner) {
    }
}
