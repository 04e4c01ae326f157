package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server as the service runs it: durable, started after a JVM that was killed
 * left its server running, and started again when it dies under the service. Each test has a
 * data directory (and server) of its own.
 */
class EmbeddedDatabaseTests {

    @TempDir
    Path data;

    @Test
    void itRunsWithFsyncSynchronousCommitAndFullPageWritesOn() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"), 0)) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                assertThat(query(database, "show " + setting)).as(setting).isEqualTo("on");
            }
        }
    }

    @Test
    void aServerLeftRunningByAKilledJvmIsStoppedAndTheNextStartWorksWithTheCommittedData() throws Exception {
        Path directory = data.resolve("postgres");
        Process jvm = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                StaleServerMain.class.getName(), directory.toString())
                .redirectErrorStream(true).start();
        long stalePid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            stalePid = awaitReady(out);
            jvm.destroyForcibly(); // kill -9: no shutdown hook, no chance to stop the server
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        ProcessHandle stale = ProcessHandle.of(stalePid).orElseThrow();
        assertThat(stale.isAlive()).as("the orphaned server still runs").isTrue();

        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory, 0)) {
            assertThat(stale.isAlive()).as("the orphaned server was stopped").isFalse();
            assertThat(database.postmasterPid()).isNotEqualTo(stalePid);
            assertThat(query(database, "select note from survivor")).isEqualTo("committed before the kill");
        }
    }

    @Test
    void aServerThatDiesUnderTheServiceIsStartedAgainOnTheSamePort() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"), 0)) {
            execute(database, "create table kept (note text); insert into kept values ('before the crash')");
            long first = database.postmasterPid();
            int port = database.port();
            database.watch(Duration.ofMillis(200));

            ProcessHandle.of(first).orElseThrow().destroyForcibly(); // kill -9 of the postmaster

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (database.restarts() == 0 || !database.alive()) {
                assertThat(System.nanoTime()).as("restarted within 90 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(database.postmasterPid()).isNotEqualTo(first);
            assertThat(database.port()).isEqualTo(port);
            assertThat(query(database, "select note from kept")).isEqualTo("before the crash");
        }
    }

    @Test
    void aLockFileOfAProcessThatIsNotPostgresIsLeftAlone() throws Exception {
        Path directory = data.resolve("other");
        java.nio.file.Files.createDirectories(directory);
        // This JVM's own pid: alive, but not a PostgreSQL of this directory.
        java.nio.file.Files.writeString(directory.resolve("postmaster.pid"),
                ProcessHandle.current().pid() + "\n" + directory + "\n");

        assertThat(EmbeddedDatabase.stopStalePostmaster(directory, Duration.ofSeconds(1))).isEmpty();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    private static long awaitReady(BufferedReader out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(StaleServerMain.READY)) {
                return Long.parseLong(line.substring(StaleServerMain.READY.length()).trim());
            }
            assertThat(System.nanoTime()).as("the child JVM's server started within 120 s").isLessThan(deadline);
        }
        throw new AssertionError("the child JVM ended before its server was ready");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String query(EmbeddedDatabase database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(EmbeddedDatabase database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

}
