package org.cxrlt.leaderboard.submission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param perMinute checks of a file without submitting it, per participant, minute and instance (429 above) */
@ConfigurationProperties("cxrlt.validate")
public record ValidationSettings(@DefaultValue("10") int perMinute) {
}
