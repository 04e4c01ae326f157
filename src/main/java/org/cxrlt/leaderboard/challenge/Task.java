package org.cxrlt.leaderboard.challenge;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Entity
@Table(name = "task")
class Task {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "challenge_id")
    private Challenge challenge;

    @Column(nullable = false)
    private String slug;

    @Column(nullable = false)
    private String title;

    /** In the official column order; files are matched by header name, so order is for display. */
    @ElementCollection
    @CollectionTable(name = "task_label", joinColumns = @JoinColumn(name = "task_id"))
    @OrderColumn(name = "position")
    private List<TaskLabel> labels = new ArrayList<>();

    @OneToMany(mappedBy = "task")
    @OrderBy("id")
    private List<Phase> phases = new ArrayList<>();

    protected Task() {
    }

    Task(Challenge challenge, String slug, String title, List<ChallengeDefinition.LabelDefinition> labels) {
        this.challenge = challenge;
        this.slug = slug;
        this.title = title;
        this.labels = new ArrayList<>(labels.stream().map(TaskLabel::of).toList());
    }

    void retitle(String title) {
        this.title = title;
    }

    void relabel(List<ChallengeDefinition.LabelDefinition> labels) {
        this.labels.clear();
        this.labels.addAll(labels.stream().map(TaskLabel::of).toList());
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

    /** The label names in column order. */
    List<String> labels() {
        return labels.stream().map(TaskLabel::name).toList();
    }

    /** The labels as defined: names with their training count or group. */
    List<ChallengeDefinition.LabelDefinition> labelDefinitions() {
        return labels.stream().map(TaskLabel::definition).toList();
    }

    List<Phase> phases() {
        return phases;
    }

    Challenge challenge() {
        return challenge;
    }

    Optional<Phase> phase(String phaseSlug) {
        return phases.stream().filter(phase -> phase.slug().equals(phaseSlug)).findFirst();
    }
}
