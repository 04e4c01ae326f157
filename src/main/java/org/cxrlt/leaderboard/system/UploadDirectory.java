package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of this process's temporary upload files ({@code cxrlt-uploads-<random>/} in the
 * JVM's temporary directory): uploads being received, compressed answer keys, the plain copies
 * kept for this instance's scoring workers, the servlet container's multipart files. The process
 * holds an exclusive {@link FileLock} on its {@value #LOCK} file for as long as it lives, and the
 * operating system lets it go when the process ends, however it ends (a {@code kill -9}, a
 * crash). So a sibling {@code cxrlt-uploads-*} directory whose lock can be taken was left by a
 * process that ended without removing it, and is removed when a directory is made (at start-up,
 * logged with its count of files and bytes); one whose lock is held belongs to a live process (
 * another instance sharing the machine and its temporary directory) and is left alone. A process
 * that ends normally removes its own directory.
 */
public final class UploadDirectory {

    private static final Logger log = LoggerFactory.getLogger(UploadDirectory.class);

    /** How every instance's directory begins. */
    public static final String PREFIX = "cxrlt-uploads-";

    /** The file locked by the directory's process, inside it. */
    public static final String LOCK = ".lock";

    /**
     * The directories this JVM holds: never opened by its own sweeps, since closing a channel on
     * a file can release every lock the process holds on it (POSIX record locks).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Leftovers removed;

    /**
     * What a sweep removed: directories of processes that ended, with their files and bytes.
     *
     * @param directories directories removed
     * @param files       files in them
     * @param bytes       those files' bytes
     */
    public record Leftovers(int directories, long files, long bytes) {
    }

    private UploadDirectory(Path path, FileChannel channel, FileLock lock, Leftovers removed) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.removed = removed;
    }

    /**
     * This process's directory in {@code java.io.tmpdir}, made at the first call (removing the
     * leftovers of processes that ended), and removed when the JVM ends normally.
     *
     * @throws UncheckedIOException if it could not be made or locked
     */
    public static UploadDirectory current() {
        return Current.DIRECTORY;
    }

    private static final class Current {
        static final UploadDirectory DIRECTORY = make();

        private static UploadDirectory make() {
            try {
                UploadDirectory directory = open(Path.of(System.getProperty("java.io.tmpdir")));
                Thread remove = new Thread(directory::remove, "cxrlt-uploads-removal");
                Runtime.getRuntime().addShutdownHook(remove);
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not make the directory for temporary upload files in "
                        + System.getProperty("java.io.tmpdir"), e);
            }
        }
    }

    /**
     * Makes and locks a new directory {@code cxrlt-uploads-<random>/} in {@code parent}, then
     * removes the sibling directories that no live process holds ({@link #removeLeftovers}).
     *
     * @throws IOException if the directory could not be made or locked
     */
    public static UploadDirectory open(Path parent) throws IOException {
        Path path = Files.createDirectories(parent).resolve(
                PREFIX + HexFormat.of().toHexDigits(new SecureRandom().nextLong()));
        Files.createDirectory(path);
        FileChannel channel = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) { // a new file of its own: nobody else can hold it
            channel.close();
            throw new IOException("Could not lock " + path.resolve(LOCK));
        }
        HELD.add(path);
        Leftovers removed = removeLeftovers(parent);
        if (removed.directories() > 0) {
            log.info("Removed {} temporary upload files ({} bytes) in {} directories left in {} by instances that "
                    + "ended without removing them", removed.files(), removed.bytes(), removed.directories(), parent);
        }
        return new UploadDirectory(path, channel, lock, removed);
    }

    /**
     * Removes the {@code cxrlt-uploads-*} directories in {@code parent} whose {@value #LOCK} file
     * no live process holds. A directory without a lock file is left alone (a process may be
     * making it this instant), as is one whose lock cannot be tried.
     *
     * @return what was removed
     */
    public static Leftovers removeLeftovers(Path parent) {
        int directories = 0;
        long files = 0;
        long bytes = 0;
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path sibling : siblings) {
                if (!HELD.contains(sibling) && Files.isDirectory(sibling) && Files.exists(sibling.resolve(LOCK))) {
                    candidates.add(sibling);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not look for leftover temporary upload files in {}", parent, e);
            return new Leftovers(0, 0, 0);
        }
        for (Path sibling : candidates) {
            try (FileChannel other = FileChannel.open(sibling.resolve(LOCK), StandardOpenOption.WRITE)) {
                FileLock taken;
                try {
                    taken = other.tryLock();
                } catch (OverlappingFileLockException e) {
                    continue; // held by this JVM
                }
                if (taken == null) {
                    continue; // held by a live process
                }
                long[] counted = deleteTree(sibling);
                directories++;
                files += counted[0];
                bytes += counted[1];
            } catch (NoSuchFileException e) {
                // removed meanwhile, by another instance starting
            } catch (IOException | RuntimeException e) {
                log.warn("Could not remove the leftover temporary upload files in {}", sibling, e);
            }
        }
        return new Leftovers(directories, files, bytes);
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** A new empty file in the directory, named {@code prefix}, random characters, {@code suffix}. */
    public Path newFile(String prefix, String suffix) throws IOException {
        return Files.createTempFile(path, prefix, suffix);
    }

    /**
     * A stream that writes the empty file {@link #newFile} made, opened without truncating it.
     * Why: on ext4, a file opened with {@code O_TRUNC} (as {@code Files.newOutputStream} opens one
     * by default) starts being written to disk as soon as it is closed (the file system's
     * safeguard for files replaced in place, {@code auto_da_alloc}). An upload's temporary file
     * is read back and removed within seconds, before the kernel would otherwise write it at
     * all; in a surge of 20 task-1 uploads those writes (700 MB at once) stalled the storing
     * transactions' commits behind them for about half a second, the processors idle
     * (2026-11-30, the 2-core VM).
     *
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    public static OutputStream writeNew(Path file) throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.WRITE);
    }

    /** What was removed when this directory was made. */
    public Leftovers removedAtStart() {
        return removed;
    }

    /**
     * Removes the directory and everything in it, and lets its lock go: when the process ends
     * normally. Never throws.
     */
    void remove() {
        try {
            deleteTree(path);
        } catch (IOException | RuntimeException e) {
            log.debug("Could not remove {}; the next instance to start removes it", path, e);
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Could not release the lock of {}", path, e);
        }
        HELD.remove(path);
    }

    /** Deletes {@code directory} and everything below it, the lock file last; returns its files (but the lock) and bytes. */
    private static long[] deleteTree(Path directory) throws IOException {
        long[] counted = new long[2];
        Path lockFile = directory.resolve(LOCK);
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!file.equals(lockFile)) {
                    counted[0]++;
                    counted[1] += attributes.size();
                    Files.deleteIfExists(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // deleted meanwhile
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (dir.equals(directory)) {
                    Files.deleteIfExists(lockFile);
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return counted;
    }
}
