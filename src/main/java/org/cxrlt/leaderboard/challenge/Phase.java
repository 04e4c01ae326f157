package org.cxrlt.leaderboard.challenge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
@Table(name = "phase")
class Phase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "task_id")
    private Task task;

    @Column(nullable = false)
    private String slug;

    @Column(nullable = false)
    private String title;

    @Column(name = "opens_at", nullable = false)
    private Instant opensAt;

    /** Null: the phase never closes. */
    @Column(name = "closes_at")
    private Instant closesAt;

    @Column(name = "active_answer_key_id")
    private Long activeAnswerKeyId;

    protected Phase() {
    }

    Phase(Task task, String slug, String title, Instant opensAt, Instant closesAt) {
        this.task = task;
        this.slug = slug;
        this.title = title;
        reschedule(opensAt, closesAt);
    }

    /** A phase is open when {@code opensAt <= now < closesAt}. */
    boolean isOpen(Instant now) {
        return !now.isBefore(opensAt) && (closesAt == null || now.isBefore(closesAt));
    }

    void reschedule(Instant opensAt, Instant closesAt) {
        if (opensAt == null) {
            throw new ConflictException("A phase needs an opening time.");
        }
        if (closesAt != null && !closesAt.isAfter(opensAt)) {
            throw new ConflictException("A phase must close after it opens: closesAt " + closesAt
                    + " is not after opensAt " + opensAt + ".");
        }
        this.opensAt = opensAt;
        this.closesAt = closesAt;
    }

    Long id() {
        return id;
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }

    Instant opensAt() {
        return opensAt;
    }

    Instant closesAt() {
        return closesAt;
    }

    Long activeAnswerKeyId() {
        return activeAnswerKeyId;
    }

    Task task() {
        return task;
    }
}
