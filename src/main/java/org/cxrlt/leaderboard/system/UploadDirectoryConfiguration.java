package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This process's directory of temporary upload files ({@link UploadDirectory}), made as the
 * application starts so that the leftovers of instances that crashed are removed then, and the
 * servlet container's base directory inside it (its multipart files, for the uploads read with
 * Spring's multipart support: answer keys, baselines, evidence), unless
 * {@code server.tomcat.basedir} names one.
 */
@Configuration(proxyBeanMethods = false)
class UploadDirectoryConfiguration {

    @Bean
    UploadDirectory uploadDirectory() {
        return UploadDirectory.current();
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerFilesInUploadDirectory(
            UploadDirectory uploads, @Value("${server.tomcat.basedir:}") String configured) {
        return factory -> {
            if (!configured.isBlank()) {
                return;
            }
            try {
                // a directory per server: test JVMs run several
                factory.setBaseDirectory(Files.createTempDirectory(uploads.path(), "tomcat-").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not make the servlet container's directory in " + uploads.path(), e);
            }
        };
    }
}
