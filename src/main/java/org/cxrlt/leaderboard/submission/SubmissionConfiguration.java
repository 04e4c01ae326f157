package org.cxrlt.leaderboard.submission;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ValidationSettings.class)
class SubmissionConfiguration {
}
