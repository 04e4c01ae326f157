package org.cxrlt.leaderboard.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.WebRequest;

/**
 * Public responses (the challenges, the leaderboards) kept as the bytes sent, plain and gzipped,
 * so that a read while nothing changed neither asks the database nor writes JSON again.
 *
 * <p>When they are dropped: every committed change to a challenge, task, phase or answer key row
 * is announced by a trigger on the channel {@value #CHANNEL} (migration V20) whoever makes it; a
 * thread LISTENs on a connection of its own and drops every prepared response when one arrives.
 * A change made in this instance is not left to that notification, which arrives a moment after
 * the commit: from the start of the change ({@link #changing()}: a transaction that bumps a
 * leaderboard version, a request that may change something) to just after its commit, prepared
 * responses are neither served nor kept, and they are dropped as it ends. So the next read after
 * a change made here sees it, and one made elsewhere within the notification's delivery time.
 * While the listening connection is down (the database unreachable), nothing is served from
 * here: every read asks the database as it would without this class, until the listener is
 * back (it retries every 5 s and drops everything when it is).
 *
 * <p>What is prepared at a moment may also stop holding at a time known in advance (a phase
 * opens or closes): each response carries the instant it is valid until.
 */
@Component
public class PreparedResponses implements SmartLifecycle {

    /** The notification channel the V20 triggers announce changes on. */
    public static final String CHANNEL = "catalogue_changed";

    private static final Logger log = LoggerFactory.getLogger(PreparedResponses.class);
    private static final String MARKER = "marker:";

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<Object, Prepared> prepared = new ConcurrentHashMap<>();
    /** Bumped by every drop: what was computed before a drop is not kept after it. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicLong markers = new AtomicLong();
    private volatile long markerSeen;
    private volatile boolean listening;
    private volatile boolean running;
    private Thread listener;

    PreparedResponses(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * A response as sent: its body, the same gzipped, and its entity tag.
     *
     * @param etag       the entity tag of the plain body, without quotes; the gzipped body's is
     *                   this followed by {@code -gzip}
     * @param validUntil the instant from which it no longer holds (a phase opens or closes); null: until a change
     */
    public record Prepared(byte[] body, byte[] gzip, String etag, Instant validUntil) {

        /** Prepares {@code body}: gzips it once (level 6, as gzip's default) for clients that accept it. */
        public static Prepared of(byte[] body, String etag, Instant validUntil) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory cannot fail", e);
            }
            return new Prepared(body, out.toByteArray(), etag, validUntil);
        }
    }

    /**
     * The response kept under {@code key}, else one made by {@code prepare} and kept unless
     * something changed while it was made.
     */
    public Prepared get(Object key, Supplier<Prepared> prepare) {
        Prepared found = usable() ? prepared.get(key) : null;
        if (found != null && (found.validUntil() == null || clock.instant().isBefore(found.validUntil()))) {
            return found;
        }
        long seen = generation.get();
        Prepared made = prepare.get();
        synchronized (this) {
            // a drop since `seen` means `made` may hold what a change replaced
            if (usable() && generation.get() == seen) {
                prepared.put(key, made);
            }
        }
        return made;
    }

    private boolean usable() {
        return listening && changes.get() == 0;
    }

    /**
     * The answer to {@code request} from {@code prepared}: 304 when its If-None-Match names the
     * variant's entity tag, else the gzipped body to a client that accepts gzip, the plain one to
     * others. {@code Vary} names Accept-Encoding beside {@code vary}.
     *
     * @param cache null: no Cache-Control
     */
    public static ResponseEntity<byte[]> answer(Prepared prepared, WebRequest request, MediaType type,
                                                CacheControl cache, String vary, HttpHeaders headers) {
        boolean gzip = acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        String etag = prepared.etag() == null ? null : "\"" + prepared.etag() + (gzip ? "-gzip" : "") + "\"";
        String varies = vary == null ? HttpHeaders.ACCEPT_ENCODING : vary + ", " + HttpHeaders.ACCEPT_ENCODING;
        if (etag != null && request.checkNotModified(etag)) {
            var notModified = ResponseEntity.status(304).eTag(etag).header(HttpHeaders.VARY, varies);
            return (cache == null ? notModified : notModified.cacheControl(cache)).build();
        }
        var ok = ResponseEntity.ok().contentType(type).header(HttpHeaders.VARY, varies).headers(headers);
        if (etag != null) {
            ok = ok.eTag(etag);
        }
        if (cache != null) {
            ok = ok.cacheControl(cache);
        }
        if (gzip) {
            return ok.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(prepared.gzip());
        }
        return ok.body(prepared.body());
    }

    /**
     * Whether an Accept-Encoding header accepts gzip: it names {@code gzip} (or {@code *}) without
     * {@code q=0}.
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim();
            if (!name.equalsIgnoreCase("gzip") && !name.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                if (parameter.startsWith("q=")) {
                    refused = parameter.substring(2).matches("0(\\.0*)?");
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    /** Drops every prepared response. */
    public synchronized void dropAll() {
        generation.incrementAndGet();
        prepared.clear();
    }

    /**
     * Marks the start of a change made in this instance: nothing prepared is served or kept until
     * the returned handle is closed, which drops everything. Close it once the change is
     * committed (or abandoned).
     */
    public Change changing() {
        changes.incrementAndGet();
        return new Change();
    }

    /**
     * Marks the surrounding transaction as a change of what is prepared here: from now to just
     * after its end (commit or rollback), as {@link #changing()}.
     *
     * @throws IllegalStateException without an active transaction synchronization
     */
    public void changingInTransaction() {
        Change change = changing();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                change.close();
            }
        });
    }

    /** The handle of one change: closing it (once; later closes do nothing) ends it. */
    public final class Change implements AutoCloseable {

        private boolean closed;

        private Change() {
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            dropAll();
            changes.decrementAndGet();
        }
    }

    /**
     * Waits until every change committed before this call has been heard of (and so has dropped
     * what it replaced), for changes made with plain SQL rather than through this instance: sends
     * a marker on the channel and waits for it. Returns at once while nothing is being served
     * from here (nobody listening).
     *
     * @return false if the marker did not come back within {@code timeoutMillis}
     */
    public boolean awaitHeard(long timeoutMillis) {
        if (!listening) {
            return true;
        }
        long marker = markers.incrementAndGet();
        try (Connection connection = dataSource.getConnection();
             var statement = connection.prepareStatement("select pg_notify(?, ?)")) {
            statement.setString(1, CHANNEL);
            statement.setString(2, MARKER + marker);
            statement.execute();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not send a marker on " + CHANNEL, e);
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (markers) {
            while (markerSeen < marker && listening) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                try {
                    markers.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public synchronized void start() {
        running = true;
        listener = new Thread(this::listen, "catalogue-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        listening = false;
        dropAll();
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                dropAll(); // whatever changed while nobody listened
                listening = true;
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1_000);
                    if (notifications == null || notifications.length == 0) {
                        continue;
                    }
                    long marker = 0;
                    boolean change = false;
                    for (PGNotification notification : notifications) {
                        String payload = notification.getParameter();
                        if (payload != null && payload.startsWith(MARKER)) {
                            marker = Math.max(marker, Long.parseLong(payload.substring(MARKER.length())));
                        } else {
                            change = true;
                        }
                    }
                    if (change) {
                        dropAll();
                    }
                    if (marker > 0) {
                        synchronized (markers) {
                            markerSeen = Math.max(markerSeen, marker);
                            markers.notifyAll();
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                dropAll();
                synchronized (markers) {
                    markers.notifyAll();
                }
                if (!running) {
                    return;
                }
                log.warn("Lost the connection listening for catalogue changes; public reads ask the database "
                        + "until it is back (retrying in 5 s)", e);
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        listening = false;
    }
}
