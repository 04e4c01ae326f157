package org.cxrlt.leaderboard.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param enabled load the synthetic demo on a first start; null (unset): only on the embedded database */
@ConfigurationProperties("cxrlt.demo")
public record DemoSettings(Boolean enabled) {
}
