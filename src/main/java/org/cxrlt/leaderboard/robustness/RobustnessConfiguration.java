package org.cxrlt.leaderboard.robustness;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RobustnessSettings.class)
class RobustnessConfiguration {
}
