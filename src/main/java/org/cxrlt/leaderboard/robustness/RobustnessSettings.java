package org.cxrlt.leaderboard.robustness;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threads           threads of one analysis; null or below 1: all cores but one (at least one), so that
 *                          scoring keeps a core
 * @param pollInterval      how often each instance looks for queued analyses (and final snapshots without one),
 *                          besides being woken by its own requests
 * @param lease             how long a running analysis stays with its instance without a progress report
 * @param maxReplicates     the largest B an organizer may ask for
 * @param defaultReplicates B when none is asked for, and of the automatic analysis of a final snapshot
 */
@ConfigurationProperties("cxrlt.robustness")
public record RobustnessSettings(Integer threads,
                                 @DefaultValue("30s") Duration pollInterval,
                                 @DefaultValue("2m") Duration lease,
                                 @DefaultValue("10000") int maxReplicates,
                                 @DefaultValue("1000") int defaultReplicates) {

    int threadCount() {
        return threads == null || threads < 1 ? Math.max(1, Runtime.getRuntime().availableProcessors() - 1) : threads;
    }
}
