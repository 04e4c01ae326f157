package org.cxrlt.leaderboard.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.UploadDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Plain uploads kept on this instance's disk for its own workers. The instance that stores an
 * upload has its file already (the servlet container's temporary file, moved here); the worker of
 * this instance that claims the submission reads it at once, instead of fetching the stored gzip
 * from the database and inflating it: on this machine that was 0.19-0.33 s of fetching plus
 * 0.115 s of inflating per task-1 submission in a surge of 20, and the database's backends' CPU.
 * <p>
 * A cache only: the database stays the truth, and a copy is used at most once, for the first
 * claim. A submission without a copy is read from the database as before: an upload that came
 * compressed or was stored by another instance, one that would pass
 * {@link LocalCopySettings#maxSize()}, one claimed again or for a rescore, one from before a
 * restart (they are in this process's {@link UploadDirectory}, or in a configured directory
 * emptied at start-up), one whose copy could not be read. A copy is
 * deleted once read, when its submission is cancelled, and when a sweep finds its submission no
 * longer waiting (scored, failed or claimed by another instance).
 */
@Component
public class LocalCopies {

    private static final Logger log = LoggerFactory.getLogger(LocalCopies.class);

    private final JdbcTemplate jdbc;
    private final Path directory;
    private final long maxBytes;
    /** Submission id to its copy, not yet taken by a worker. */
    private final Map<Long, Copy> kept = new ConcurrentHashMap<>();
    /** Bytes on disk: copies kept and copies taken but not yet closed. */
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean directoryReady = new AtomicBoolean();
    /**
     * Begins this instance's file names: two instances given the same directory by mistake (each
     * empties it at start-up) lose copies to each other, and read the database, but never read
     * each other's file for a submission of the same id.
     */
    private final String instance = java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextLong());
    /** The database's copy of a plain file larger than this is refused as it is read, so the local one is not kept. */
    private final long maxPlainBytes;

    LocalCopies(JdbcTemplate jdbc, LocalCopySettings settings, UploadDirectory uploads, ScoringSettings scoring,
                ReadLimits limits) {
        this.jdbc = jdbc;
        this.maxPlainBytes = limits.maxUncompressedBytes();
        this.directory = (settings.directory() != null ? settings.directory()
                : uploads.path().resolve("scoring-copies")).toAbsolutePath();
        // An instance without workers never reads a copy: keeping one would only fill the disk.
        this.maxBytes = scoring.workerCount() == 0 ? 0 : settings.maxSize().toBytes();
        if (maxBytes > 0) {
            deleteAll(); // orphans of an instance that ended without deleting them
        }
    }

    /** One plain upload on disk; {@code committed} once its submission's transaction has committed. */
    private static final class Copy {

        private final Path file;
        private final long bytes;
        private volatile boolean committed;

        Copy(Path file, long bytes) {
            this.file = file;
            this.bytes = bytes;
        }

        Path file() {
            return file;
        }

        long bytes() {
            return bytes;
        }
    }

    /**
     * A copy taken by the worker that claimed its submission: the file to read; closing deletes it.
     */
    final class Taken implements AutoCloseable {

        private final Copy copy;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Taken(Copy copy) {
            this.copy = copy;
        }

        Path file() {
            return copy.file();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                delete(copy);
            }
        }
    }

    /**
     * Keeps the plain upload of submission {@code submissionId} (just stored, in the current
     * transaction), if it came plain and the bound allows; does nothing otherwise. Never throws:
     * the upload is stored whatever happens here.
     *
     * @param size the upload's size in bytes
     */
    void keep(long submissionId, CompressedUpload upload, long size) {
        if (maxBytes <= 0 || size <= 0 || size > maxPlainBytes || !reserve(size)) {
            return;
        }
        Copy copy = new Copy(directory.resolve(instance + "-" + submissionId + ".csv"), size);
        try {
            if (prepareDirectory() && upload.movePlainTo(copy.file())) {
                kept.put(submissionId, copy);
                return;
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not keep a local copy of submission {}; its worker reads the stored one", submissionId, e);
        }
        delete(copy);
    }

    /**
     * The transaction that stored submission {@code submissionId} (and kept its copy) committed:
     * from now on the sweep may judge its copy by the submission's status.
     */
    void committed(long submissionId) {
        Copy copy = kept.get(submissionId);
        if (copy != null) {
            copy.committed = true;
        }
    }

    /** The copy of a submission just claimed, for the worker to read once; empty if there is none. */
    Optional<Taken> take(long submissionId) {
        Copy copy = kept.remove(submissionId);
        if (copy == null) {
            return Optional.empty();
        }
        try {
            // Not this upload's file any more (replaced, cut short): the database's copy is read.
            if (!Files.isRegularFile(copy.file()) || Files.size(copy.file()) != copy.bytes()) {
                delete(copy);
                return Optional.empty();
            }
        } catch (IOException e) {
            delete(copy);
            return Optional.empty();
        }
        return Optional.of(new Taken(copy));
    }

    /** Deletes the copy of a submission if there is one (it was cancelled, or its upload rolled back). */
    void drop(long submissionId) {
        Copy copy = kept.remove(submissionId);
        if (copy != null) {
            delete(copy);
        }
    }

    /**
     * Deletes the copies of submissions no longer waiting in the queue: scored, failed or
     * cancelled by another instance, or claimed by one (which reads the stored file).
     */
    void dropThoseNoLongerQueued() {
        if (kept.isEmpty()) {
            return;
        }
        // Only copies whose submission has committed: an uncommitted one is not QUEUED to this
        // query yet, but will be.
        Long[] ids = kept.entrySet().stream().filter(entry -> entry.getValue().committed)
                .map(Map.Entry::getKey).toArray(Long[]::new);
        if (ids.length == 0) {
            return;
        }
        List<Long> queued = jdbc.execute((java.sql.Connection connection) -> {
            Array array = connection.createArrayOf("bigint", ids);
            try (var statement = connection.prepareStatement(
                    "select id from submission where id = any(?) and status = 'QUEUED'")) {
                statement.setArray(1, array);
                try (var rows = statement.executeQuery()) {
                    List<Long> found = new java.util.ArrayList<>();
                    while (rows.next()) {
                        found.add(rows.getLong(1));
                    }
                    return found;
                }
            }
        });
        for (Long id : ids) {
            if (!queued.contains(id)) {
                drop(id);
            }
        }
    }

    /** The kept copy of a submission's upload, not yet taken; empty if there is none. */
    Optional<Path> file(long submissionId) {
        return Optional.ofNullable(kept.get(submissionId)).map(Copy::file);
    }

    /** Copies kept and not yet taken. */
    int count() {
        return kept.size();
    }

    /** Bytes on disk of the copies kept or being read. */
    long bytes() {
        return bytes.get();
    }

    /** Deletes every copy, kept or not: at start-up (orphans) and when stopping. */
    void deleteAll() {
        kept.keySet().forEach(this::drop);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Could not delete the local copy {}", file, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not empty the directory of local copies {}", directory, e);
        }
    }

    private boolean reserve(long size) {
        long held;
        do {
            held = bytes.get();
            if (held + size > maxBytes) {
                return false;
            }
        } while (!bytes.compareAndSet(held, held + size));
        return true;
    }

    private boolean prepareDirectory() throws IOException {
        if (!directoryReady.get()) {
            Files.createDirectories(directory);
            directoryReady.set(true);
        }
        return true;
    }

    private void delete(Copy copy) {
        try {
            Files.deleteIfExists(copy.file());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete the local copy {}", copy.file(), e);
        }
        // A file that could not be deleted still takes its room on the disk, and in the bound.
        if (!Files.exists(copy.file())) {
            bytes.addAndGet(-copy.bytes());
        }
    }
}
