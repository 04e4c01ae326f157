package org.cxrlt.leaderboard.participant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A participant's enrolment in one challenge: its team there (or the team it asked to join), and
 * the decision of that challenge's organizers. One per participant and challenge.
 */
@Entity
@Table(name = "enrolment")
class Enrolment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "participant_id")
    private Participant participant;

    @Column(name = "challenge_id", nullable = false)
    private Long challengeId;

    /** The team it is a member of; null while a join request is pending, or after being removed. */
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "team_id")
    private Team team;

    /** The team it asked to join, until the team's owner or an organizer decides. */
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "requested_team_id")
    private Team requestedTeam;

    @Column(name = "requested_at")
    private Instant requestedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ParticipantStatus status;

    /** The organizers' reason for a rejection, shown to the participant. */
    private String reason;

    @Column(name = "enrolled_at", nullable = false)
    private Instant enrolledAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "physionet_username")
    private String physionetUsername;

    @Column(name = "physionet_email")
    private String physionetEmail;

    protected Enrolment() {
    }

    Enrolment(Participant participant, long challengeId, Instant enrolledAt) {
        this.participant = participant;
        this.challengeId = challengeId;
        this.enrolledAt = enrolledAt;
        this.status = ParticipantStatus.PENDING;
    }

    /** A pending or rejected enrolment can be approved (an organizer may change their mind). */
    void approve(Instant now) {
        if (status == ParticipantStatus.APPROVED) {
            throw ParticipantException.conflict("Participant " + participant.id() + " is already approved.");
        }
        status = ParticipantStatus.APPROVED;
        reason = null;
        decidedAt = now;
    }

    void reject(String reason, Instant now) {
        if (status == ParticipantStatus.REJECTED) {
            throw ParticipantException.conflict("Participant " + participant.id() + " is already rejected.");
        }
        status = ParticipantStatus.REJECTED;
        this.reason = reason;
        decidedAt = now;
    }

    /** A rejected enrolment sent again (with new evidence): pending once more. */
    void reapply(Instant now) {
        if (status != ParticipantStatus.REJECTED) {
            throw ParticipantException.conflict("You are already enrolled in this challenge (" + status.name().toLowerCase()
                    + "); only a rejected enrolment can be sent again.");
        }
        status = ParticipantStatus.PENDING;
        reason = null;
        decidedAt = null;
        enrolledAt = now;
    }

    void physionet(String username, String email) {
        this.physionetUsername = username;
        this.physionetEmail = email;
    }

    /** Asks to join {@code team}: not a member of any team until the owner or an organizer accepts. */
    void requestToJoin(Team team, Instant now) {
        this.team = null;
        this.requestedTeam = team;
        this.requestedAt = now;
    }

    /** Becomes a member of {@code team} (an accepted request, or an organizer's move). */
    void joinTeam(Team team) {
        this.team = team;
        this.requestedTeam = null;
        this.requestedAt = null;
    }

    /** No team any more, nor a request (a declined request, or removed by an organizer). */
    void leaveTeam() {
        joinTeam(null);
    }

    /** The caller as a member of this enrolment's challenge. */
    Caller asCaller() {
        return new Caller(participant.id(), team == null ? null : team.id(), team == null ? null : team.name(),
                status, reason, false, requestedTeam == null ? null : requestedTeam.name(), null);
    }

    ParticipantView view() {
        return new ParticipantView(participant.id(), participant.name(), participant.email(),
                team == null ? null : team.name(), participant.affiliation(), status, reason,
                participant.registeredAt(), decidedAt, requestedTeam == null ? null : requestedTeam.name());
    }

    JoinRequest joinRequest() {
        return new JoinRequest(participant.id(), participant.name(), participant.email(), participant.affiliation(),
                requestedTeam.name(), requestedAt);
    }

    Long id() {
        return id;
    }

    Participant participant() {
        return participant;
    }

    Long participantId() {
        return participant.id();
    }

    Long challengeId() {
        return challengeId;
    }

    Team team() {
        return team;
    }

    Team requestedTeam() {
        return requestedTeam;
    }

    ParticipantStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }

    Instant enrolledAt() {
        return enrolledAt;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    String physionetUsername() {
        return physionetUsername;
    }

    String physionetEmail() {
        return physionetEmail;
    }
}
