package org.cxrlt.leaderboard.scoring;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ScoringSettings.class, LocalCopySettings.class})
class ScoringConfiguration {
}
