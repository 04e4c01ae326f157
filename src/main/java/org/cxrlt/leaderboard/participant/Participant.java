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
import org.cxrlt.leaderboard.system.ConflictException;

@Entity
@Table(name = "participant")
class Participant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String email;

    private String affiliation;

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

    @Column(name = "rejection_reason")
    private String rejectionReason;

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    protected Participant() {
    }

    Participant(String name, String email, String affiliation, Team team, byte[] tokenHash, Instant registeredAt) {
        this.name = name;
        this.email = email;
        this.affiliation = affiliation;
        this.team = team;
        this.tokenHash = tokenHash;
        this.registeredAt = registeredAt;
        this.status = ParticipantStatus.PENDING;
    }

    /** A pending or rejected registration can be approved (an organizer may change their mind). */
    void approve(Instant now) {
        if (status == ParticipantStatus.APPROVED) {
            throw new ConflictException("Participant " + id + " is already approved.");
        }
        status = ParticipantStatus.APPROVED;
        rejectionReason = null;
        decidedAt = now;
    }

    void reject(String reason, Instant now) {
        if (status == ParticipantStatus.REJECTED) {
            throw new ConflictException("Participant " + id + " is already rejected.");
        }
        status = ParticipantStatus.REJECTED;
        rejectionReason = reason;
        decidedAt = now;
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

    Caller asCaller() {
        return new Caller(id, team == null ? null : team.id(), team == null ? null : team.name(), status,
                rejectionReason, false, requestedTeam == null ? null : requestedTeam.name(), null);
    }

    ParticipantView view() {
        return new ParticipantView(id, name, email, team == null ? null : team.name(), affiliation, status,
                rejectionReason, registeredAt, decidedAt, requestedTeam == null ? null : requestedTeam.name());
    }

    JoinRequest joinRequest() {
        return new JoinRequest(id, name, email, affiliation, requestedTeam.name(), requestedAt);
    }

    Team team() {
        return team;
    }

    Team requestedTeam() {
        return requestedTeam;
    }

    String name() {
        return name;
    }

    String email() {
        return email;
    }

    ParticipantStatus status() {
        return status;
    }

    Long id() {
        return id;
    }
}
