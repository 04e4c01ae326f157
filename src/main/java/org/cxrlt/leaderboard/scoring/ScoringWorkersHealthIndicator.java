package org.cxrlt.leaderboard.scoring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code scoringWorkers} in the health endpoint and the readiness group: DOWN when this instance
 * should score but none of its worker threads is alive (a web-only instance, with
 * {@code cxrlt.scoring.workers=0}, is UP).
 */
@Component // named scoringWorkers in the health endpoint
class ScoringWorkersHealthIndicator implements HealthIndicator {

    private final ScoringWorkers workers;

    ScoringWorkersHealthIndicator(ScoringWorkers workers) {
        this.workers = workers;
    }

    @Override
    public Health health() {
        Health.Builder health = workers.configured() > 0 && workers.alive() == 0 ? Health.down() : Health.up();
        return health.withDetails(workers.details()).build();
    }
}
