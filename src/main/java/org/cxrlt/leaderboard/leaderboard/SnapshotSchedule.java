package org.cxrlt.leaderboard.leaderboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Looks every minute (cxrlt.snapshots.check-interval) for test phases that have closed, to freeze them. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SnapshotSchedule {

    private static final Logger log = LoggerFactory.getLogger(SnapshotSchedule.class);

    private final LeaderboardSnapshots snapshots;

    SnapshotSchedule(LeaderboardSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Scheduled(initialDelayString = "${cxrlt.snapshots.check-interval:1m}",
            fixedDelayString = "${cxrlt.snapshots.check-interval:1m}")
    void freezeClosedTestPhases() {
        try {
            snapshots.freezeClosedTestPhases();
        } catch (RuntimeException e) {
            log.error("Could not freeze the leaderboards of closed test phases; trying again at the next check", e);
        }
    }
}
