package org.cxrlt.leaderboard.participant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account: who a person is and the hash of their token; their enrolments are apart ({@link Enrolment}). */
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

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    protected Participant() {
    }

    Participant(String name, String email, String affiliation, byte[] tokenHash, Instant registeredAt) {
        this.name = name;
        this.email = email;
        this.affiliation = affiliation;
        this.tokenHash = tokenHash;
        this.registeredAt = registeredAt;
    }

    String name() {
        return name;
    }

    String email() {
        return email;
    }

    String affiliation() {
        return affiliation;
    }

    Instant registeredAt() {
        return registeredAt;
    }

    Long id() {
        return id;
    }
}
