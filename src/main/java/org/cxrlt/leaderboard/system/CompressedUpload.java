package org.cxrlt.leaderboard.system;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.cxrlt.leaderboard.evaluation.LimitedInputStream;
import org.cxrlt.leaderboard.evaluation.Problem;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.web.multipart.MultipartFile;

/**
 * An upload made ready for storing: a CSV is compressed with zstd at level 1 (zstd-jni; about
 * 40 % of its size for a task-1 submission of random-looking decimals, 14.0 MB of 34.8 MB, where
 * the Huffman-only gzip stored before took 15.9 MB for about 1.7x the CPU time); a gzip or zip is
 * kept as it came. Either way it is streamed, never held whole on the heap. Should zstd's native
 * library not load on this platform, a CSV is gzipped instead (logged once), which every reader
 * reads as well: {@link #compression()} says which.
 *
 * <p>{@link #of} compresses into a temporary file at once, for callers that need the length
 * before they send (the answer keys). {@link #streamed} compresses nothing until the bytes are
 * written: {@link #writeTo(OutputStream)} compresses straight into its target (a submission's
 * parts in the database, see {@link StoredFile#write}), so that no second temporary file is
 * written and read back, and the database stores the first parts while the rest is compressed.
 * Close it to delete the temporary file, if one was made (in this process's
 * {@link UploadDirectory}).
 *
 * <p>The stored bytes become the upload's bytes again in one place, {@link Compression#decode}
 * (and {@link Compression#read} for the evaluation core, which reads gzip and zip but not zstd).
 */
public final class CompressedUpload implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompressedUpload.class);

    /**
     * zstd's fastest level but the negative ones (which give up most of the compression): the
     * task-1 file in 0.14 CPU seconds against 0.24 for the Huffman-only gzip stored before, and 12 %
     * smaller (a loop over that file, 2026-11-30, on a 2-core VM).
     */
    static final int ZSTD_LEVEL = 1;

    /*
     * One thread per upload: zstd's own compressing threads (setWorkers) are not used. Alone, a
     * loop over the task-1 file took 0.087 s with two workers against 0.14 s without; in
     * bench/uploads.sh (2026-11-30, four alternated pairs of runs on the loaded machine) two
     * workers shortened a single upload's stage "file" (0.28-1.07 s against 0.34-1.92 s) but cost
     * the service more CPU for 20 uploads at once (8.9-20.0 s against 8.6-17.6 s), which then took
     * longer in three pairs of four. A surge is bound by the CPU; a single upload, on an idle
     * machine, by PostgreSQL storing the rows as they are sent (about 0.25 s for that file).
     */

    /** Bytes handed to the compressor per call: zstd's recommended input size (one JNI call per 128 KiB). */
    private static final int WRITE_BYTES = 128 << 10;

    /** How the stored bytes relate to the upload. */
    public enum Compression {
        /** Gzipped by the service (before zstd, or where its library does not load): gunzip to get the upload back. */
        GZIP,
        /** The upload as it came (it was already compressed). */
        AS_UPLOADED,
        /** Compressed by the service with zstd: decompress to get the upload back. */
        ZSTD;

        /**
         * The upload as it came, from the bytes stored with this compression: GZIP and ZSTD are
         * decompressed (their bytes counted: past {@code maxBytes}, a read throws
         * {@link TooLargeException}), AS_UPLOADED is {@code stored} itself. Closing it closes
         * {@code stored}.
         *
         * @param stored   the stored bytes, read once
         * @param maxBytes the most bytes the upload may have (the decompression limit,
         *                 {@link ReadLimits#maxUncompressedBytes()})
         * @throws IOException if the decompressor could not start (for ZSTD, its native library
         *                     did not load); a damaged or truncated stored file fails on a read
         *                     with an {@link IOException}
         */
        public InputStream decode(InputStream stored, long maxBytes) throws IOException {
            return switch (this) {
                case AS_UPLOADED -> stored;
                case GZIP -> limited(new GZIPInputStream(stored, 1 << 16), maxBytes);
                case ZSTD -> limited(zstdInput(stored), maxBytes);
            };
        }

        /**
         * Gives the upload (see {@link #decode}) to {@code reader}, the evaluation core's
         * {@code Submission.read} or {@code AnswerKey.read}, which reads what came compressed
         * (gzip, zip) itself and counts it against the same limit.
         *
         * @throws RefusedInputException what {@code reader} refuses, and an upload that
         *                               decompresses to more than {@code limits}' decompression
         *                               limit (as the core refuses a gzip that does)
         */
        public <T> T read(InputStream stored, ReadLimits limits, UploadReader<T> reader)
                throws IOException, RefusedInputException {
            try (InputStream upload = decode(stored, limits.maxUncompressedBytes())) {
                return reader.read(upload);
            } catch (TooLargeException e) {
                throw new RefusedInputException(Problem.ofFile(e.getMessage()));
            }
        }
    }

    /** What reads an upload's bytes: the evaluation core's {@code Submission.read}, {@code AnswerKey.read}. */
    @FunctionalInterface
    public interface UploadReader<T> {
        T read(InputStream upload) throws IOException, RefusedInputException;
    }

    /** A stored file that decompresses to more bytes than the decompression limit allows. */
    public static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("the file is larger than " + limit + " bytes once decompressed, the limit; refused as a possible"
                    + " decompression bomb");
        }
    }

    private final InputStreamSource source;
    private final long size;
    private final boolean asUploaded;
    /** Chosen once, so that what is recorded is what was written even if the fallback switch moves. */
    private final Compression compression;
    private Path compressed;

    private CompressedUpload(InputStreamSource source, long size, boolean asUploaded) {
        this.source = source;
        this.size = size;
        this.asUploaded = asUploaded;
        this.compression = asUploaded ? Compression.AS_UPLOADED : compressingAs();
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
     * Writes the bytes to store to {@code out} (compressed as {@link #compression()} says while it
     * is read, or as they came), and leaves {@code out} open.
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
            try (OutputStream compressing = compressing(out, compression)) {
                byte[] buffer = new byte[WRITE_BYTES];
                int n;
                while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                    compressing.write(buffer, 0, n);
                }
            }
        }
    }

    /**
     * A compressor for a caller that has the upload's bytes as they arrive: bytes written to it
     * are written to {@code target} in the stored format, {@link #compressingAs()} (zstd, or gzip
     * where zstd's native library does not load). Its {@code close()} ends the compressed stream
     * and flushes {@code target}, but leaves {@code target} open. Writes in large pieces (tens of
     * KiB) cost least: each write is a call into the native library. Not thread-safe.
     *
     * @throws UncheckedIOException if the compressor could not be started
     */
    public static Compressing compressing(OutputStream target) {
        return compressing(target, compressingAs());
    }

    /** What {@link #compressing(OutputStream)} produces: ZSTD, or GZIP where zstd's native library does not load. */
    public static Compression compressingAs() {
        return Zstd.usable() ? Compression.ZSTD : Compression.GZIP;
    }

    /**
     * {@link #compressing(OutputStream)} in a format chosen by the caller beforehand, ZSTD or GZIP
     * (the value of {@link #compressingAs()} it records beside the bytes).
     */
    public static Compressing compressing(OutputStream target, Compression compression) {
        KeptOpen open = new KeptOpen(target);
        try {
            if (compression == Compression.ZSTD) {
                ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(open, RecyclingBufferPool.INSTANCE);
                zstd.setLevel(ZSTD_LEVEL);
                // A checksum of the content (XXH64, about 3 ms for a task-1 file), as gzip's CRC-32:
                // a damaged stored file then fails to read rather than reading as other numbers.
                zstd.setChecksum(true);
                return new Compressing(zstd, open);
            }
            return new Compressing(new HuffmanGzip(open), open);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A compressor writing into a target ({@link #compressing(OutputStream)}), which can also be
     * given up ({@link #abort()}). Closing or aborting it is what frees the compressor's memory,
     * zstd's outside the heap (about 1 MiB): one neither closed nor aborted keeps it for good.
     */
    public static final class Compressing extends OutputStream {

        private final OutputStream codec;
        private final KeptOpen target;

        private Compressing(OutputStream codec, KeptOpen target) {
            this.codec = codec;
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            codec.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            codec.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            codec.flush();
        }

        /** Ends the compressed stream, writes its end to the target and flushes it; the target stays open. */
        @Override
        public void close() throws IOException {
            codec.close();
        }

        /**
         * Gives the compressor up without writing anything more to the target (whose writing is
         * being abandoned: a cancelled {@code COPY}), and frees it. Never throws.
         */
        public void abort() {
            target.discard();
            try {
                codec.close(); // zstd-jni frees its context in a finally, whatever the writes did
            } catch (IOException | RuntimeException e) {
                // nothing reaches the target any more; only the release mattered
            }
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

    /** Whether a file that begins with {@code head} (its first 4 bytes, or all if shorter) is kept as it came. */
    public static boolean isCompressed(byte[] head) {
        boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        return gzip || zip;
    }

    /** How the bytes {@link #writeTo} writes are stored: to be recorded beside them. */
    public Compression compression() {
        return compression;
    }

    private Path compressedFile() throws IOException {
        if (compressed == null) {
            Path file = UploadDirectory.current().newFile("upload-", ".stored");
            try (OutputStream out = UploadDirectory.writeNew(file)) {
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
                log.warn("Could not delete the temporary file {}; it goes with this instance's upload directory",
                        compressed, e);
            }
        }
    }

    /** Gzip (1f 8b) or zip (PK 03 04): compressed already, so storing them as they are costs nothing. */
    private static boolean isCompressed(InputStreamSource upload) throws IOException {
        try (InputStream in = upload.getInputStream()) {
            return isCompressed(in.readNBytes(4));
        }
    }

    private static InputStream limited(InputStream decompressed, long maxBytes) {
        return new LimitedInputStream(decompressed, maxBytes, TooLargeException::new);
    }

    private static InputStream zstdInput(InputStream stored) throws IOException {
        if (!Zstd.usable()) {
            throw new IOException("the stored file is zstd, and zstd's native library could not be loaded on this platform");
        }
        return new ZstdInputStreamNoFinalizer(stored, RecyclingBufferPool.INSTANCE);
    }

    /**
     * Whether zstd's native library is loaded: zstd-jni carries it for the usual platforms and
     * extracts it to the temporary directory at first use. Where that fails, plain uploads are
     * gzipped instead (with the JDK's deflater), logged once.
     */
    static final class Zstd {

        private static final boolean LOADED = load();
        /** Null: as loaded; else what tests choose (the fallback without breaking the library). */
        private static volatile Boolean chosen;

        private Zstd() {
        }

        static boolean usable() {
            Boolean usable = chosen;
            return usable != null ? usable : LOADED;
        }

        /** For tests: use zstd or not (gzip), whatever the library; null goes back to the library's state. */
        static void choose(Boolean usable) {
            chosen = usable;
        }

        private static boolean load() {
            try {
                Native.load();
                return true;
            } catch (LinkageError | RuntimeException e) {
                log.warn("zstd's native library could not be loaded ({}); plain uploads are stored gzipped instead",
                        e.toString());
                return false;
            }
        }
    }

    /**
     * The JDK's gzip with Huffman coding only, the fallback: predictions are decimals whose digits
     * hardly repeat, so the search for repeated strings of even the fastest level found almost
     * nothing (16.07 MB at level 1 against 15.86 MB Huffman-only, from a 34.8 MB task-1
     * submission) for about 2.5x the time.
     */
    private static final class HuffmanGzip extends GZIPOutputStream {
        HuffmanGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setStrategy(Deflater.HUFFMAN_ONLY);
        }
    }

    /** {@code target}, left open when closed (flushed instead), and written to in whole pieces. */
    private static final class KeptOpen extends FilterOutputStream {
        /** Set once the compressor is aborted: nothing more is written to the target. */
        private volatile boolean discarding;

        KeptOpen(OutputStream target) {
            super(target);
        }

        void discard() {
            discarding = true;
        }

        @Override
        public void write(int b) throws IOException {
            if (!discarding) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!discarding) {
                out.write(b, off, len); // FilterOutputStream would write them a byte at a time
            }
        }

        @Override
        public void flush() throws IOException {
            if (!discarding) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
