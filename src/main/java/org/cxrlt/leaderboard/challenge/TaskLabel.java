package org.cxrlt.leaderboard.challenge;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.Locale;

/** A task's label with its training count or its group given outright (never both). */
@Embeddable
class TaskLabel {

    @Column(name = "label", nullable = false)
    private String name;

    @Column(name = "training_count")
    private Long trainingCount;

    /** {@code head}, {@code medium}, {@code tail} or {@code none}; null when the count decides. */
    @Column(name = "label_group")
    private String group;

    protected TaskLabel() {
    }

    TaskLabel(String name, Long trainingCount, String group) {
        this.name = name;
        this.trainingCount = trainingCount;
        this.group = group == null ? null : group.trim().toLowerCase(Locale.ROOT);
    }

    static TaskLabel of(ChallengeDefinition.LabelDefinition definition) {
        return new TaskLabel(definition.name(), definition.trainingCount(), definition.group());
    }

    ChallengeDefinition.LabelDefinition definition() {
        return new ChallengeDefinition.LabelDefinition(name, trainingCount, group);
    }

    String name() {
        return name;
    }
}
