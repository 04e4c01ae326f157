package org.cxrlt.leaderboard.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.web.multipart.MultipartFile;

/**
 * An upload made ready for storing: a CSV is gzipped into a temporary file (Huffman coding only:
 * about 46 % of its size for a task-1 submission of random-looking decimals); a gzip or zip is kept as it came. Either way it is streamed, never
 * held whole on the heap. Close it to delete the temporary file.
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
    private final Path compressed;
    private final long length;

    private CompressedUpload(InputStreamSource source, Path compressed, long length) {
        this.source = source;
        this.compressed = compressed;
        this.length = length;
    }

    public static CompressedUpload of(InputStreamSource upload, long size) throws IOException {
        if (isCompressed(upload)) {
            return new CompressedUpload(upload, null, size);
        }
        Path file = Files.createTempFile("cxrlt-upload-", ".csv.gz");
        try (InputStream in = upload.getInputStream();
             OutputStream out = new FastGzipOutputStream(Files.newOutputStream(file))) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new CompressedUpload(upload, file, Files.size(file));
    }

    public InputStream open() throws IOException {
        return compressed == null ? source.getInputStream()
                : new BufferedInputStream(Files.newInputStream(compressed), 1 << 16);
    }

    /**
     * Moves the upload as it came to {@code target}, when it came as a plain (uncompressed) file of
     * a multipart request, for a reader on this machine once it is stored. The servlet container
     * renames its temporary file where it can (same file system), else copies it.
     *
     * @return whether it was moved (false: it came compressed, or not as a multipart file)
     * @throws IOException if moving failed
     */
    public boolean movePlainTo(Path target) throws IOException {
        if (compressed == null || !(source instanceof MultipartFile file)) {
            return false;
        }
        file.transferTo(target.toFile()); // to a File: the part's own write, a rename; to a Path it copies
        return true;
    }

    public long length() {
        return length;
    }

    public Compression compression() {
        return compressed == null ? Compression.AS_UPLOADED : Compression.GZIP;
    }

    /**
     * Deletes the temporary file. Never throws: it runs after the submission's transaction has
     * committed, when a failure must not turn a stored upload into an error for the client.
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

    /**
     * Gzip with Huffman coding only, no search for repeated strings: predictions are decimals
     * whose digits hardly repeat, so the search of even the fastest level (1) finds almost
     * nothing (a synthetic task-1 submission: 16.07 MB at level 1, 15.86 MB Huffman-only, from
     * 34.8 MB) yet costs most of the time (about 2.5x slower here), and the upload waits for it.
     * The output is ordinary gzip, read back as before.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
            def.setStrategy(Deflater.HUFFMAN_ONLY);
        }
    }

    /** Gzip (1f 8b) or zip (PK 03 04): compressed already, so storing them as they are costs nothing. */
    private static boolean isCompressed(InputStreamSource upload) throws IOException {
        try (InputStream in = upload.getInputStream()) {
            byte[] head = in.readNBytes(4);
            boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            boolean zip = head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
            return gzip || zip;
        }
    }
}
