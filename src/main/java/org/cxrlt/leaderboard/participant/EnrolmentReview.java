package org.cxrlt.leaderboard.participant;

import java.time.Instant;
import java.util.List;

/** An enrolment as its challenge's organizers review it, with its evidence (links to download each file). */
public record EnrolmentReview(long participantId, String name, String email, String affiliation, String team,
                              String requestedTeam, ParticipantStatus status, String reason, Instant enrolledAt,
                              Instant decidedAt, String physionetUsername, String physionetEmail,
                              List<EvidenceSummary> evidence) {

    /** @param href where the organizers download it */
    public record EvidenceSummary(Evidence kind, String fileName, String contentType, long size, String href) {
    }
}
