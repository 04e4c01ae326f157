package org.cxrlt.leaderboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A new database on the tests' server, for the migration tests: migrated to a version, given rows
 * as the service then wrote them, migrated on. Reached through one connection; dropped afterwards.
 */
public final class FreshDatabase {

    private FreshDatabase() {
    }

    /**
     * Runs {@code test} with a new, empty database on the server of {@code service}.
     *
     * @param prefix the start of the database's name (a random suffix follows)
     */
    public static void use(DataSource service, String prefix, Consumer<DataSource> test) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url;
        String user;
        try (Connection connection = service.getConnection()) {
            url = connection.getMetaData().getURL();
            user = connection.getMetaData().getUserName();
        }
        String password = service instanceof HikariDataSource hikari ? hikari.getPassword() : null;
        Matcher parts = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)").matcher(url);
        assertThat(parts.matches()).as(url).isTrue();
        JdbcTemplate server = new JdbcTemplate(service);
        server.execute("create database " + name);
        SingleConnectionDataSource db = new SingleConnectionDataSource(parts.group(1) + name + parts.group(3), user,
                password, true);
        try {
            test.accept(db);
        } finally {
            db.destroy();
            server.execute("drop database " + name + " with (force)");
        }
    }

    /** Migrates {@code db} with the service's migrations up to {@code target} ("latest" for all). */
    public static void migrate(DataSource db, String target) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target(target).load().migrate();
    }
}
