package org.cxrlt.leaderboard.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server, run so that a committed transaction survives a crash of the
 * process or of the machine ({@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} on, checked once it runs), that a server left running by a killed JVM
 * does not stop the next start, and that a server that dies under the service is started again
 * on the same port and data directory.
 *
 * <p>Not thread-safe beyond what its methods say: started once, then watched by one thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The settings a 202 relies on, with the value each must have. */
    static final Map<String, String> DURABILITY = durability();

    private static final String LIBRARY_LOCK = "epg-lock";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(30);

    private final Path directory;
    private volatile int port;
    private volatile EmbeddedPostgres server;
    private volatile long postmasterPid = -1;
    private volatile Thread watchdog;
    private volatile boolean closed;
    private volatile int restarts;

    private EmbeddedDatabase(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts the server on {@code directory} (created by initdb if empty), after stopping a
     * server of the same directory left running by a JVM that was killed.
     *
     * @param port 0 for a free one, chosen once and kept across restarts
     * @throws IllegalStateException if another live process uses the directory, or a durability
     *                               setting is off
     */
    public static EmbeddedDatabase start(Path directory, int port) throws IOException {
        EmbeddedDatabase database = new EmbeddedDatabase(directory.toAbsolutePath().normalize(), port);
        database.startServer();
        return database;
    }

    private synchronized void startServer() throws IOException {
        Files.createDirectories(directory);
        refuseIfInUse(directory);
        stopStalePostmaster(directory, STALE_STOP_WAIT);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // the application context closes it, in order
                .setPGStartupWait(STARTUP_WAIT); // crash recovery replays the WAL before accepting connections
        // The library starts the server with -F (fsync off) and synchronous_commit=off, its test
        // defaults; -c options come after -F on the command line, so these win.
        DURABILITY.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        server = builder.start();
        port = server.getPort();
        postmasterPid = readPostmasterPid(directory).orElse(-1L);
        checkDurability();
    }

    /** The JDBC URL of the {@code postgres} database, the same across restarts. */
    public String jdbcUrl() {
        return server.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return port;
    }

    /** The process id of the running postmaster, or -1 if unknown. */
    public long postmasterPid() {
        return postmasterPid;
    }

    /** How often the server was started again after dying under the service. */
    public int restarts() {
        return restarts;
    }

    /**
     * Watches the postmaster every {@code interval} and starts the server again when it has died
     * (killed, or crashed): the connection pool then reconnects by itself. Until it is back the
     * database health is DOWN and requests answer 503.
     */
    public void watch(Duration interval) {
        Thread thread = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(interval.toMillis());
                    if (!closed && !alive()) {
                        restartAfterDeath();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    log.error("Could not start the embedded PostgreSQL again; trying again in {}", interval, e);
                }
            }
        }, "embedded-database-watchdog");
        thread.setDaemon(true);
        watchdog = thread;
        thread.start();
    }

    /** Whether the postmaster process is running. */
    public boolean alive() {
        long pid = postmasterPid;
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private synchronized void restartAfterDeath() throws IOException {
        if (closed || alive()) {
            return;
        }
        log.error("The embedded PostgreSQL (pid {}) has died; starting it again on port {}", postmasterPid, port);
        EmbeddedPostgres dead = server;
        try {
            dead.close(); // releases the library's lock; stopping a dead server only logs
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the dead embedded PostgreSQL", e);
        }
        startServer();
        restarts++;
        log.warn("The embedded PostgreSQL runs again (pid {}); committed data was recovered from its WAL",
                postmasterPid);
    }

    private void checkDurability() {
        Map<String, String> actual = new LinkedHashMap<>();
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String setting : DURABILITY.keySet()) {
                try (ResultSet rs = statement.executeQuery("show " + setting)) {
                    rs.next();
                    actual.put(setting, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the embedded PostgreSQL's settings", e);
        }
        log.info("Embedded PostgreSQL on port {} with its data in {}: {}", port, directory, actual);
        if (!actual.equals(DURABILITY)) {
            throw new IllegalStateException("The embedded PostgreSQL does not run durably (" + actual
                    + "); an accepted upload could be lost in a crash, so the service does not start");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        Thread thread = watchdog;
        if (thread != null) {
            thread.interrupt();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Another live JVM holding the library's lock on the directory runs its server: refuse,
     * rather than stop a server that is in use.
     */
    static void refuseIfInUse(Path directory) throws IOException {
        Path lockFile = directory.resolve(LIBRARY_LOCK);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
             FileChannel channel = file.getChannel()) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("Another running process uses the embedded database in " + directory
                        + "; stop it or set another CXRLT_DATA_DIR");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("This process already runs an embedded database in " + directory, e);
        }
    }

    /**
     * Stops a postmaster of {@code directory} that outlived its JVM (a {@code kill -9} leaves it
     * running, and its lock file would stop the next start): only a live {@code postgres}
     * process whose lock file names this directory is stopped, first with SIGTERM (PostgreSQL's
     * smart shutdown: its clients died with the JVM), then SIGKILL after {@code wait}; crash
     * recovery at the next start makes the data whole. A lock file naming a process that is gone
     * or is not PostgreSQL is left to PostgreSQL, which removes it.
     *
     * @return the pid stopped, if any
     */
    static Optional<Long> stopStalePostmaster(Path directory, Duration wait) throws IOException {
        Optional<Long> pid = readPostmasterPid(directory);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isPostgres(process.get()) || !namesDirectory(directory)) {
            return Optional.empty();
        }
        ProcessHandle postmaster = process.get();
        log.warn("A PostgreSQL (pid {}) left running by an earlier run of the service still holds {}; stopping it",
                pid.get(), directory);
        postmaster.destroy();
        if (!awaitExit(postmaster, wait)) {
            log.warn("PostgreSQL pid {} did not stop within {}; killing it (crash recovery follows)", pid.get(), wait);
            postmaster.destroyForcibly();
            if (!awaitExit(postmaster, wait)) {
                throw new IllegalStateException("Could not stop PostgreSQL pid " + pid.get() + " using " + directory);
            }
        }
        return pid;
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        // Without a command (no /proc, another user) it cannot be told: presumed PostgreSQL only
        // if the lock file names our directory, which is checked as well.
        return process.info().command().map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(true);
    }

    private static boolean namesDirectory(Path directory) throws IOException {
        List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            return false;
        }
        Path named = Path.of(lines.get(1).trim());
        return Files.exists(named) && Files.isSameFile(named, directory);
    }

    /** The first line of PostgreSQL's {@code postmaster.pid}: the postmaster's process id. */
    static Optional<Long> readPostmasterPid(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> durability() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        return java.util.Collections.unmodifiableMap(settings);
    }
}
