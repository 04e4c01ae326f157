package org.cxrlt.leaderboard.challenge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
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
