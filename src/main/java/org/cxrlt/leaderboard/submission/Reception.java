package org.cxrlt.leaderboard.submission;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.cxrlt.leaderboard.system.Sizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cxrlt.leaderboard.system.ReceivedFile;
import org.cxrlt.leaderboard.system.UploadDirectory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.util.unit.DataSize;

/**
 * A file part of an upload being received: its first bytes kept in memory for the checks that
 * come before anything is stored ({@link #head()}), then everything written to a temporary file
 * (the plain copy the scoring worker of this instance reads) and, while it lasts, to a second
 * target (the stored form, sent to the database as it comes). Bounded by the upload limit as it
 * is read. Closing deletes the temporary file if it is still there (it is moved away once the
 * upload is stored). The temporary file is in this process's {@link UploadDirectory}, removed by
 * the next instance to start should this one crash.
 */
final class Reception implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reception.class);

    private static final int BUFFER = 64 << 10;

    private final InputStream part;
    private final DataSize limit;
    private final Path file;
    private final OutputStream toFile;
    /** The bytes read so far that are not yet in the file: the head, read by the checks. */
    private byte[] head = new byte[8192];
    private int headLength;
    private boolean headInFile;
    private long size;
    private boolean ended;
    private boolean closed;

    private Reception(InputStream part, DataSize limit, Path file) throws IOException {
        this.part = part;
        this.limit = limit;
        this.file = file;
        this.toFile = new BufferedOutputStream(UploadDirectory.writeNew(file), BUFFER);
    }

    /** Starts receiving {@code part} into a new temporary file; nothing is read yet. */
    static Reception of(InputStream part, DataSize limit) throws IOException {
        Path file = UploadDirectory.current().newFile("upload-", ".csv");
        try {
            return new Reception(part, limit, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * The file's first bytes, for the checks made before anything is stored: each stream replays
     * what was read so far, then reads on from the part, keeping what it reads.
     */
    InputStreamSource head() {
        return () -> new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (position == headLength && !readMore(len)) {
                    return -1;
                }
                int n = Math.min(len, headLength - position);
                System.arraycopy(head, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The bytes read so far, and no more. */
    InputStreamSource readSoFar() {
        byte[] copy = Arrays.copyOf(head, headLength);
        return () -> new java.io.ByteArrayInputStream(copy);
    }

    /** Whether the file has no byte at all. */
    boolean isEmpty() throws IOException {
        return headLength == 0 && !readMore(1);
    }

    /** The first bytes of the file, up to {@code n} (fewer if it is shorter). */
    byte[] first(int n) throws IOException {
        while (headLength < n && readMore(n - headLength)) {
            // reads until n bytes are kept or the part ends
        }
        return Arrays.copyOf(head, Math.min(n, headLength));
    }

    /** Appends up to {@code want} more bytes of the part to the head; false at its end. */
    private boolean readMore(int want) throws IOException {
        if (headInFile) {
            throw new IllegalStateException("the head was written to the file already");
        }
        if (ended) {
            return false;
        }
        if (head.length - headLength < want) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + want));
        }
        int n = part.read(head, headLength, Math.min(want, head.length - headLength));
        if (n < 0) {
            ended = true;
            return false;
        }
        headLength += n;
        counted(n);
        return true;
    }

    private void counted(int n) {
        size += n;
        if (size > limit.toBytes()) {
            throw SubmissionException.tooLarge("The file is larger than the limit of " + Sizes.describe(limit) + ".");
        }
    }

    /**
     * Writes the file on to the temporary file, and to {@code also} (if not null; from the head
     * on, so only in the first call): until the part ends, or until {@code clock} reaches
     * {@code deadline} (checked after each read, so a read that waits for the sender waits first).
     *
     * @return whether the part has ended (false: the deadline came first)
     */
    boolean receive(OutputStream also, LongSupplier clock, long deadline) throws IOException {
        if (!headInFile) {
            toFile.write(head, 0, headLength);
            if (also != null) {
                also.write(head, 0, headLength);
            }
            headInFile = true;
            head = null;
        }
        byte[] buffer = new byte[BUFFER];
        while (!ended) {
            if (clock.getAsLong() - deadline >= 0) {
                return false;
            }
            int n = part.read(buffer);
            if (n < 0) {
                ended = true;
                break;
            }
            counted(n);
            toFile.write(buffer, 0, n);
            if (also != null) {
                also.write(buffer, 0, n);
            }
        }
        toFile.close();
        return true;
    }

    /** Receives the rest of the file into the temporary file only. */
    void receiveRest() throws IOException {
        receive(null, () -> 0, 1);
    }

    /** The file's length in bytes (so far, until it has ended). */
    long size() {
        return size;
    }

    /** The received file, once it has ended. */
    ReceivedFile file() {
        if (!ended || !headInFile) {
            throw new IllegalStateException("the file has not been received yet");
        }
        return new ReceivedFile(file);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            toFile.close();
        } catch (IOException e) {
            // deleted below
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the temporary file {}; it goes with this instance's upload directory", file, e);
        }
    }
}
