package org.cxrlt.leaderboard.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({UploadSettings.class, DataDirectorySettings.class})
class SettingsConfiguration {
}
