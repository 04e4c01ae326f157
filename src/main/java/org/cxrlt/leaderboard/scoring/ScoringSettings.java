package org.cxrlt.leaderboard.scoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers        scoring threads of this instance; null or negative: one per core, 0: none
 * @param lease          how long a claimed submission stays with its worker before another may take it
 * @param maxAttempts    attempts before a submission whose scoring keeps failing is FAILED
 * @param pollInterval   the fallback poll, should a notification be lost
 * @param answerKeyCache parsed answer keys kept in memory
 * @param shutdownWait   how long stopping waits for workers to finish the submissions they hold;
 *                       those still scoring then are queued again
 */
@ConfigurationProperties("cxrlt.scoring")
public record ScoringSettings(Integer workers,
                              @DefaultValue("30s") Duration lease,
                              @DefaultValue("3") int maxAttempts,
                              @DefaultValue("30s") Duration pollInterval,
                              @DefaultValue("4") int answerKeyCache,
                              @DefaultValue("20s") Duration shutdownWait) {

    public ScoringSettings {
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("cxrlt.scoring.lease must be at least 3s, was " + lease);
        }
    }

    /** How often a worker's lease is renewed while it scores: three times per lease. */
    public Duration heartbeat() {
        return lease.dividedBy(3);
    }

    public int workerCount() {
        return workers == null || workers < 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }
}
