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
 * @param concurrentStores uploads stored at once per instance; the others wait their turn (503 after 60 s)
 */
@ConfigurationProperties("cxrlt.submissions")
public record UploadSettings(@DefaultValue("200MB") DataSize maxUploadSize,
                             @DefaultValue("1MB") DataSize maxHeaderSize,
                             @DefaultValue("4") int concurrentStores) {
}
