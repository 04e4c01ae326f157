package org.cxrlt.leaderboard.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the service keeps its own data when no database is given, and the embedded PostgreSQL
 * that keeps it.
 *
 * @param dataDir          the data directory ({@code CXRLT_DATA_DIR}); the database is in its {@code postgres/}
 * @param embeddedDatabase the embedded PostgreSQL: its port (0: a free one) and how often its process is checked
 */
@ConfigurationProperties("cxrlt")
public record DataDirectorySettings(@DefaultValue("./data") Path dataDir,
                                    @DefaultValue EmbeddedDatabaseSettings embeddedDatabase) {

    public record EmbeddedDatabaseSettings(@DefaultValue("0") int port,
                                           @DefaultValue("2s") Duration watchInterval) {
    }
}
