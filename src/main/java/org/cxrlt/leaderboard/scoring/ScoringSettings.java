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
 */
@ConfigurationProperties("cxrlt.scoring")
public record ScoringSettings(Integer workers,
                              @DefaultValue("10m") Duration lease,
                              @DefaultValue("3") int maxAttempts,
                              @DefaultValue("30s") Duration pollInterval,
                              @DefaultValue("4") int answerKeyCache) {

    public int workerCount() {
        return workers == null || workers < 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }
}
