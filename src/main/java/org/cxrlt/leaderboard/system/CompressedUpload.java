package org.cxrlt.leaderboard.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.web.multipart.MultipartFile;

/**
 * An upload made ready for storing: a CSV is gzipped (Huffman coding only, on all cores:
 * {@link ParallelGzip}; about 46 % of its size for a task-1 submission of random-looking
 * decimals); a gzip or zip is kept as it came. Either way it is streamed, never held whole on the
 * heap.
 *
 * <p>{@link #of} compresses into a temporary file at once, for callers that need the length
 * before they send (the answer keys). {@link #streamed} compresses nothing until the bytes are
 * written: {@link #writeTo(OutputStream)} compresses straight into its target (a submission's
 * parts in the database, see {@link StoredFile#write}), so that no second temporary file is
 * written and read back, and the database stores the first parts while the rest is compressed.
 * Close it to delete the temporary file, if one was made.
 */
public final class CompressedUpload implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompressedUpload.class);

    /** How the stored bytes relate to the upload. */
    public enum Compression {
        /** Gzipped by the service: gunzip to get the upload back. */
        GZIP,
        /** The upload as it came (it was already compressed). */
        AS_UPLOADED
    }

    private final InputStreamSource source;
    private final long size;
    private final boolean asUploaded;
    private Path compressed;

    private CompressedUpload(InputStreamSource source, long size, boolean asUploaded) {
        this.source = source;
        this.size = size;
        this.asUploaded = asUploaded;
    }

    /**
     * The upload compressed into a temporary file now (unless it came compressed).
     *
     * @param upload the upload
     * @param size   its length in bytes
     */
    public static CompressedUpload of(InputStreamSource upload, long size) throws IOException {
        CompressedUpload stored = streamed(upload, size);
        if (!stored.asUploaded) {
            stored.compressedFile();
        }
        return stored;
    }

    /**
     * The upload, to be compressed as it is written ({@link #writeTo}); {@link #open} or
     * {@link #length} compress it into a temporary file at their first call.
     *
     * @param upload the upload, read once for each {@link #writeTo} (until a temporary file exists)
     * @param size   its length in bytes
     */
    public static CompressedUpload streamed(InputStreamSource upload, long size) throws IOException {
        return new CompressedUpload(upload, size, isCompressed(upload));
    }

    /**
     * Writes the bytes to store to {@code out} (gzipped as it is read, or as they came), and
     * leaves {@code out} open.
     */
    public void writeTo(OutputStream out) throws IOException {
        if (compressed != null) {
            try (InputStream in = Files.newInputStream(compressed)) {
                in.transferTo(out);
            }
            return;
        }
        try (InputStream in = source.getInputStream()) {
            if (asUploaded) {
                in.transferTo(out);
                return;
            }
            ParallelGzip.compress(in, out);
        }
    }

    /** The bytes to store, from the temporary file they are compressed into at the first call. */
    public InputStream open() throws IOException {
        if (asUploaded) {
            return source.getInputStream();
        }
        return new BufferedInputStream(Files.newInputStream(compressedFile()), 1 << 16);
    }

    /** The number of bytes to store (compressing into the temporary file at the first call). */
    public long length() throws IOException {
        return asUploaded ? size : Files.size(compressedFile());
    }

    /**
     * Moves the upload as it came to {@code target}, when it came as a plain (uncompressed) file of
     * a multipart request or was received into a {@link ReceivedFile}, for a reader on this machine
     * once it is stored. The file is renamed where it can be (same file system), else copied.
     *
     * @return whether it was moved (false: it came compressed, or neither as a multipart file nor received)
     * @throws IOException if moving failed
     */
    public boolean movePlainTo(Path target) throws IOException {
        if (asUploaded) {
            return false;
        }
        if (source instanceof ReceivedFile received) {
            Files.move(received.path(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
        if (!(source instanceof MultipartFile file)) {
            return false;
        }
        file.transferTo(target.toFile()); // to a File: the part's own write, a rename; to a Path it copies
        return true;
    }

    /** The format {@link #compressing} writes. */
    public static final Compression COMPRESSING = Compression.GZIP;

    /**
     * A stream that writes what it is given into {@code target} in the stored format of a plain
     * upload ({@link #COMPRESSING}), as it is written: for an upload compressed while it arrives.
     * Its {@code close()} ends the compressed stream and leaves {@code target} open.
     *
     * <p>The same gzip as {@link #writeTo}'s ({@link ParallelGzip}: Huffman coding only, chunks on
     * all cores): the JDK's {@code GZIPOutputStream} on one thread (level 1, Huffman coding only)
     * made a task-1 upload stored as it arrives slower to 202 than the file path (bench/uploads.sh
     * on the shared 2-core VM, 2026-11-30: median 1.52 s against 0.99 s, the same run).
     */
    public static OutputStream compressing(OutputStream target) throws IOException {
        return new ParallelGzip.Output(target);
    }

    /** Whether a file that begins with {@code head} (its first 4 bytes, or all if shorter) is kept as it came. */
    public static boolean isCompressed(byte[] head) {
        boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        return gzip || zip;
    }

    public Compression compression() {
        return asUploaded ? Compression.AS_UPLOADED : Compression.GZIP;
    }

    private Path compressedFile() throws IOException {
        if (compressed == null) {
            Path file = Files.createTempFile("cxrlt-upload-", ".csv.gz");
            try (OutputStream out = Files.newOutputStream(file)) {
                writeTo(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            compressed = file;
        }
        return compressed;
    }

    /**
     * Deletes the temporary file, if one was made. Never throws: it runs after the submission's
     * transaction has committed, when a failure must not turn a stored upload into an error for
     * the client.
     */
    @Override
    public void close() {
        if (compressed != null) {
            try {
                Files.deleteIfExists(compressed);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete the temporary file {}; the JVM's temporary directory keeps it", compressed, e);
            }
        }
    }

    /** Gzip (1f 8b) or zip (PK 03 04): compressed already, so storing them as they are costs nothing. */
    private static boolean isCompressed(InputStreamSource upload) throws IOException {
        try (InputStream in = upload.getInputStream()) {
            return isCompressed(in.readNBytes(4));
        }
    }
}
