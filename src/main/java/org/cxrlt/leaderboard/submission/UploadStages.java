package org.cxrlt.leaderboard.submission;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The time of each stage of taking an upload ({@code cxrlt.upload.stage} in
 * {@code /actuator/prometheus}), so that {@code bench/service.sh} can say where an upload's time
 * goes: "check" (size and header; of a participant's upload, on its first bytes), "parse" (a
 * participant's upload received into its temporary file without being stored as it arrives:
 * without a free turn, or after its window), "wait" (for a turn to store), "store" (the storing
 * transaction up to its commit: the checks it repeats, the rows, the file), "file" (the part of
 * "store" spent sending the file to the database: for an upload stored as it arrives, receiving
 * it while it is compressed and sent), "commit".
 */
@Component
public class UploadStages {

    private static final Logger log = LoggerFactory.getLogger(UploadStages.class);

    private final MeterRegistry meters;

    public UploadStages(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records that {@code stage} took the nanoseconds since {@code startedNanos} ({@link System#nanoTime()}). */
    public void since(String stage, long startedNanos) {
        took(stage, System.nanoTime() - startedNanos);
    }

    /** Records that {@code stage} took {@code nanos} nanoseconds. */
    public void took(String stage, long nanos) {
        try {
            Timer.builder("cxrlt.upload.stage")
                    .description("Time of one stage of taking an upload")
                    .tag("stage", stage)
                    .register(meters)
                    .record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            log.debug("Could not record the time of stage {}", stage, e);
        }
    }
}
