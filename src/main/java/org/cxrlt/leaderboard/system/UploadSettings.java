package org.cxrlt.leaderboard.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Uploads (submissions, baselines, answer keys). {@code application.properties} gives
 * {@code maxUploadSize} to Spring's multipart limits and Tomcat's swallow size too.
 *
 * @param maxUploadSize    the largest file taken, as sent (413 above)
 * @param maxHeaderSize    the longest CSV header line read before the upload is stored
 * @param concurrentStores uploads stored at once per instance; the others wait their turn (503 after 60 s).
 *                         0 or less (the default): one per processor, at least 2 and at most 4 (each
 *                         holds one of the pool's database connections while it stores). Storing is work for
 *                         the processors (compressing, and the database writing the rows): on 2 cores,
 *                         4 at once made 20 task-1 uploads cost the machine about half a CPU-second
 *                         more than 2 did, and the scoring workers got less of it while they arrived
 *                         (README, "Speed (service)")
 * @param streamWindow     how long a participant's upload may take to arrive while it is stored as it
 *                         arrives (holding a turn to store and a database connection); one still
 *                         arriving then is received into its temporary file only, and stored from
 *                         there once it has ended (0: never stored while it arrives)
 */
@ConfigurationProperties("cxrlt.submissions")
public record UploadSettings(@DefaultValue("200MB") DataSize maxUploadSize,
                             @DefaultValue("1MB") DataSize maxHeaderSize,
                             @DefaultValue("0") int concurrentStores,
                             @DefaultValue("5s") java.time.Duration streamWindow) {

    public UploadSettings {
        if (concurrentStores <= 0) {
            concurrentStores = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
        }
    }
}
