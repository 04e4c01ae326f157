package org.cxrlt.leaderboard.system;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * A real PostgreSQL for a machine with only a JDK: started in-process from the server binaries
 * shipped in the jar, its data kept under {@code cxrlt.data-dir} across restarts. Active only
 * when no {@code spring.datasource.url} is set (and {@code cxrlt.embedded-database.enabled} is
 * not false, which the tests use to bring their own).
 *
 * <p>Kept in a class of its own: declared beside beans that need a {@code JdbcTemplate}, the
 * data source and Flyway's initialisation become circular.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseConfigured.class)
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /**
     * Started durably, after stopping a server a killed JVM left running; watched, and started
     * again on the same port should it die under the service.
     */
    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(DataDirectorySettings settings) throws IOException {
        Path directory = settings.dataDir().resolve("postgres").toAbsolutePath().normalize();
        int port = settings.embeddedDatabase().port();
        Duration watchInterval = settings.embeddedDatabase().watchInterval();
        log.info("Starting the embedded PostgreSQL with its data in {} (set SPRING_DATASOURCE_URL to use another database)",
                directory);
        EmbeddedDatabase database = EmbeddedDatabase.start(directory, port);
        database.watch(watchInterval);
        return database;
    }

    /** A pooled data source: the one the server hands out opens a new connection every time. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername("postgres");
        dataSource.setPoolName("embedded");
        return dataSource;
    }

    static final class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var environment = context.getEnvironment();
            return !StringUtils.hasText(environment.getProperty("spring.datasource.url"))
                    && environment.getProperty("cxrlt.embedded-database.enabled", Boolean.class, true);
        }
    }
}
