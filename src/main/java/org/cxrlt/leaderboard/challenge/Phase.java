package org.cxrlt.leaderboard.challenge;

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

    @Column(name = "max_per_day")
    private Integer maxPerDay;

    @Column(name = "max_total")
    private Integer maxTotal;

    @Column(name = "max_in_flight")
    private Integer maxInFlight;

    @Column(nullable = false)
    private boolean paused;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Selection selection = Selection.BEST;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Visibility visibility = Visibility.PUBLIC;

    @Column(name = "label_scores_visible", nullable = false)
    private boolean labelScoresVisible = true;

    @Enumerated(EnumType.STRING)
    @Column(name = "fact_sheet", nullable = false)
    private FactSheetPolicy factSheet = FactSheetPolicy.NONE;

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
        return PhaseSchedule.isOpen(opensAt, closesAt, now);
    }

    void reschedule(Instant opensAt, Instant closesAt) {
        PhaseSchedule.check("", opensAt, closesAt);
        this.opensAt = opensAt;
        this.closesAt = closesAt;
    }

    PhaseRules rules() {
        return new PhaseRules(maxPerDay, maxTotal, maxInFlight, paused, selection, visibility, labelScoresVisible,
                factSheet);
    }

    void applyRules(PhaseRules rules) {
        maxPerDay = rules.maxPerDay();
        maxTotal = rules.maxTotal();
        maxInFlight = rules.maxInFlight();
        paused = rules.paused();
        selection = rules.selection();
        visibility = rules.visibility();
        labelScoresVisible = rules.labelScoresVisible();
        factSheet = rules.factSheet();
    }

    void retitle(String title) {
        this.title = title;
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
