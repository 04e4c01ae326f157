package org.cxrlt.leaderboard.challenge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.cxrlt.leaderboard.evaluation.DefinitionRules;
import org.cxrlt.leaderboard.evaluation.GroupRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

@Entity
@Table(name = "challenge")
class Challenge {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String slug;

    @Column(nullable = false)
    private String title;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "id_column", nullable = false)
    private String idColumn = ChallengeDefinitions.DEFAULT_ID_COLUMN;

    @Column(name = "training_images")
    private Long trainingImages;

    @Column(name = "group_head_above", nullable = false)
    private long groupHeadAbove = ChallengeDefinitions.DEFAULT_GROUP_RULE.headAbove();

    @Column(name = "group_tail_below", nullable = false)
    private long groupTailBelow = ChallengeDefinitions.DEFAULT_GROUP_RULE.tailBelow();

    /** Comma-separated, mAP first. */
    @Column(name = "metrics_shown", nullable = false)
    private String metricsShown = String.join(",", DefinitionRules.METRICS);

    @OneToMany(mappedBy = "challenge")
    @OrderBy("id")
    private List<Task> tasks = new ArrayList<>();

    protected Challenge() {
    }

    Challenge(String slug, String title, Instant createdAt) {
        this.slug = slug;
        this.title = title;
        this.createdAt = createdAt;
    }

    void retitle(String title) {
        this.title = title;
    }

    /** The scoring terms of {@code definition} (checked), defaults for what it leaves out. */
    void applyTerms(ChallengeDefinition definition) {
        this.idColumn = ChallengeDefinitions.idColumn(definition);
        this.trainingImages = definition.trainingImages();
        GroupRule rule = ChallengeDefinitions.groupRule(definition);
        this.groupHeadAbove = rule.headAbove();
        this.groupTailBelow = rule.tailBelow();
        this.metricsShown = String.join(",", ChallengeDefinitions.metricsShown(definition));
    }

    String idColumn() {
        return idColumn;
    }

    Long trainingImages() {
        return trainingImages;
    }

    GroupRule groupRule() {
        return new GroupRule(groupHeadAbove, groupTailBelow);
    }

    List<String> metricsShown() {
        return List.copyOf(Arrays.asList(metricsShown.split(",")));
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }

    List<Task> tasks() {
        return tasks;
    }

    Optional<Task> task(String taskSlug) {
        return tasks.stream().filter(task -> task.slug().equals(taskSlug)).findFirst();
    }
}
