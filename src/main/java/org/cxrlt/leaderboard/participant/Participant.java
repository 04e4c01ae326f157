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

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "team_id")
    private Team team;

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

    Caller asCaller() {
        return new Caller(id, team.id(), team.name(), status, rejectionReason, false);
    }

    ParticipantView view() {
        return new ParticipantView(id, name, email, team.name(), affiliation, status, rejectionReason,
                registeredAt, decidedAt);
    }

    Long id() {
        return id;
    }
}
