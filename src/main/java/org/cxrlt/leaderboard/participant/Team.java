package org.cxrlt.leaderboard.participant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "team")
class Team {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    /** The name as a reader tells names apart ({@code DisplayNames.matchKey}): unique. */
    @Column(name = "name_key", nullable = false)
    private String nameKey;

    /** Teams belong to one challenge; their names are unique within it. */
    @Column(name = "challenge_id", nullable = false)
    private Long challengeId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The participant who decides on join requests: its first registrant. Null for demo teams. */
    @Column(name = "owner_id")
    private Long ownerId;

    protected Team() {
    }

    Team(long challengeId, String name, String nameKey, Instant createdAt) {
        this.challengeId = challengeId;
        this.name = name;
        this.nameKey = nameKey;
        this.createdAt = createdAt;
    }

    Long id() {
        return id;
    }

    Long challengeId() {
        return challengeId;
    }

    String name() {
        return name;
    }

    String nameKey() {
        return nameKey;
    }

    Long ownerId() {
        return ownerId;
    }

    void ownedBy(Long participantId) {
        this.ownerId = participantId;
    }
}
