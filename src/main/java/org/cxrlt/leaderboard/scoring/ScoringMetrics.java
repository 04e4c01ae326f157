package org.cxrlt.leaderboard.scoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Queue depth and submissions by status, read from the database (so every instance reports the
 * shared queue). Counts are cached for a second so that one scrape makes one query.
 */
@Component
class ScoringMetrics implements MeterBinder {

    private static final long CACHE_NANOS = 1_000_000_000L;

    private final SubmissionQueue queue;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    ScoringMetrics(SubmissionQueue queue) {
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cxrlt.scoring.queue.depth", this, metrics -> metrics.count("QUEUED"))
                .description("Submissions waiting to be scored")
                .register(registry);
        for (String status : List.of("QUEUED", "SCORING", "SCORED", "FAILED", "CANCELLED")) {
            Gauge.builder("cxrlt.submissions", this, metrics -> metrics.count(status))
                    .description("Submissions by status")
                    .tag("status", status)
                    .register(registry);
        }
    }

    private double count(String status) {
        Snapshot snapshot = last.get();
        long now = System.nanoTime();
        if (snapshot == null || now - snapshot.takenAt() > CACHE_NANOS) {
            try {
                snapshot = new Snapshot(now, queue.countByStatus());
            } catch (RuntimeException e) {
                return Double.NaN; // database unreachable: health says so; the gauge shows a gap
            }
            last.set(snapshot);
        }
        return snapshot.counts().getOrDefault(status, 0L);
    }

    private record Snapshot(long takenAt, Map<String, Long> counts) {
    }
}
