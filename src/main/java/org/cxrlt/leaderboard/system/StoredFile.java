package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A submission's stored file: written as rows of {@code submission_file_part} ({@link #write}),
 * and read back as a stream of the stored bytes (compressed as {@link #compression()} says; the
 * upload as it came through {@link #readUpload} or {@link CompressedUpload.Compression#decode}), a
 * slice at a time: the heap holds one slice, never the whole file,
 * and no database connection is held between slices. Files stored before migration V21 are in
 * {@code submission_file.content} and are read from there ({@code substring} of the
 * {@code bytea}, which reads only the TOAST chunks it needs).
 */
public final class StoredFile extends InputStream {

    /** 4 MiB: a task-1 submission (about 16 MB stored) in four round trips. */
    static final int SLICE_BYTES = 4 << 20;

    /**
     * The bytes of one row of {@code submission_file_part}: such a row (with its 40 bytes of
     * tuple header and columns) fits one 8 KiB page without being TOASTed.
     */
    static final int PART_BYTES = 8000;

    /** What writes a file's bytes to the stream it is given, and leaves it open. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final JdbcTemplate jdbc;
    private final long submissionId;
    private final long length;
    private final int sliceBytes;
    /** Whether the file is in {@code submission_file_part} (else in {@code submission_file.content}). */
    private final boolean inParts;
    private final CompressedUpload.Compression compression;
    private byte[] slice = new byte[0];
    private int slicePosition;
    private long nextOffset;
    private int nextPart;
    private long fetchNanos;

    private StoredFile(JdbcTemplate jdbc, long submissionId, long length, int sliceBytes, boolean inParts,
                       CompressedUpload.Compression compression) {
        this.compression = compression;
        this.jdbc = jdbc;
        this.submissionId = submissionId;
        this.length = length;
        this.sliceBytes = sliceBytes;
        this.inParts = inParts;
    }

    /**
     * Stores a submission's file as rows of {@code submission_file_part}, in the caller's
     * transaction, with one {@code COPY}: each row is sent as soon as {@code content} has written
     * its bytes, so that PostgreSQL stores the first rows while the rest is being compressed. The
     * heap holds one batch of rows (about 64 KB) at a time.
     *
     * @return the bytes stored, to be recorded as {@code submission_file.stored_length}
     * @throws UncheckedIOException if {@code content} could not be read
     * @throws org.springframework.dao.DataAccessException if the database refused or failed
     */
    public static long write(JdbcTemplate jdbc, long submissionId, Content content) {
        Long written = jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy submission_file_part (submission_id, part, content) from stdin (format binary)");
            try {
                PartsOutput out = new PartsOutput(copy, submissionId);
                content.writeTo(out);
                out.finish();
                copy.endCopy();
                return out.length();
            } catch (PartsOutput.CopyFailed e) {
                throw e.getCause();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy(); // the transaction is rolled back: nothing of it stays
                    } catch (SQLException e) {
                        // the connection is broken: the transaction ends with it
                    }
                }
            }
        });
        return written == null ? 0 : written;
    }

    /**
     * @throws IllegalStateException if the submission has no stored file
     */
    public static StoredFile open(JdbcTemplate jdbc, long submissionId) {
        return open(jdbc, submissionId, SLICE_BYTES);
    }

    static StoredFile open(JdbcTemplate jdbc, long submissionId, int sliceBytes) {
        List<StoredFile> found = jdbc.query("select octet_length(content), stored_length, compression "
                + "from submission_file where submission_id = ?", (rs, row) -> {
                    long inline = rs.getLong(1);
                    boolean inParts = rs.wasNull();
                    return new StoredFile(jdbc, submissionId, inParts ? rs.getLong(2) : inline, sliceBytes, inParts,
                            CompressedUpload.Compression.valueOf(rs.getString(3)));
                }, submissionId);
        if (found.isEmpty()) {
            throw new IllegalStateException("submission " + submissionId + " has no stored file");
        }
        return found.get(0);
    }

    /** How the stored bytes relate to the upload. */
    public CompressedUpload.Compression compression() {
        return compression;
    }

    /**
     * Gives the upload as it came ({@link CompressedUpload.Compression#read}: decompressed if the
     * service compressed it, counted against the decompression limit) to {@code reader}, the
     * evaluation core; this stream is read to its end or closed by then.
     */
    public <T> T readUpload(ReadLimits limits, CompressedUpload.UploadReader<T> reader)
            throws IOException, RefusedInputException {
        return compression.read(this, limits, reader);
    }

    /** Nanoseconds spent so far waiting for slices from the database. */
    public long fetchNanos() {
        return fetchNanos;
    }

    /** Stored bytes in all. */
    public long length() {
        return length;
    }

    @Override
    public int read() throws IOException {
        if (!ensureSlice()) {
            return -1;
        }
        return slice[slicePosition++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensureSlice()) {
            return -1;
        }
        int n = Math.min(len, slice.length - slicePosition);
        System.arraycopy(slice, slicePosition, b, off, n);
        slicePosition += n;
        return n;
    }

    @Override
    public int available() {
        return slice.length - slicePosition;
    }

    private boolean ensureSlice() {
        if (slicePosition < slice.length) {
            return true;
        }
        if (nextOffset >= length) {
            return false;
        }
        slice = null; // let the previous slice go before the next arrives
        long started = System.nanoTime();
        byte[] next = inParts ? nextParts() : nextSubstring();
        fetchNanos += System.nanoTime() - started;
        if (next == null || next.length == 0) {
            throw new IllegalStateException("the stored file of submission " + submissionId + " ended at byte "
                    + nextOffset + " of " + length);
        }
        slice = next;
        slicePosition = 0;
        nextOffset += next.length;
        return true;
    }

    /** The next rows of {@code submission_file_part}, about {@code sliceBytes} in all, as one slice. */
    private byte[] nextParts() {
        int first = nextPart;
        int count = Math.max(1, sliceBytes / PART_BYTES);
        List<byte[]> rows = jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("select content from submission_file_part "
                    + "where submission_id = ? and part >= ? and part < ? order by part");
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1); // in binary, as below
            statement.setLong(1, submissionId);
            statement.setInt(2, first);
            statement.setInt(3, first + count);
            return statement;
        }, (rs, row) -> rs.getBytes(1));
        if (rows.size() == 1) {
            nextPart += 1;
            return rows.get(0);
        }
        int total = 0;
        for (byte[] row : rows) {
            total += row.length;
        }
        byte[] joined = new byte[total];
        int at = 0;
        for (byte[] row : rows) {
            System.arraycopy(row, 0, joined, at, row.length);
            at += row.length;
        }
        nextPart += rows.size();
        return joined;
    }

    /** The next slice of a file stored whole in {@code submission_file.content}. */
    private byte[] nextSubstring() {
        int want = (int) Math.min(sliceBytes, length - nextOffset);
        long offset = nextOffset;
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("select substring(content from ?::int for ?::int) "
                    + "from submission_file where submission_id = ?");
            // In binary: the driver otherwise asks for bytea as hex text, twice the bytes to send
            // and decode, until a statement has run five times on that connection.
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
            statement.setLong(1, offset + 1);
            statement.setInt(2, want);
            statement.setLong(3, submissionId);
            return statement;
        }, (ResultSet rows) -> rows.next() ? rows.getBytes(1) : null);
    }

    /**
     * The rows of a {@code COPY ... (format binary)} of {@code submission_file_part}, cut from the
     * bytes written: a header, then per row its three fields (id, part number, bytes), then a
     * trailer. Rows are sent a batch at a time.
     */
    private static final class PartsOutput extends BlockOutputStream {

        /** A failure of the database while sending, carried through {@link OutputStream}'s signature. */
        static final class CopyFailed extends IOException {
            CopyFailed(SQLException cause) {
                super(cause);
            }

            @Override
            public synchronized SQLException getCause() {
                return (SQLException) super.getCause();
            }
        }

        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
        /** field count, then length and value of the id and of the part number, then the bytes' length */
        private static final int ROW_HEADER = 2 + 4 + 8 + 4 + 4 + 4;
        private static final int ROWS_PER_BATCH = 8;

        private final CopyIn copy;
        private final long submissionId;
        private int part;
        private final ByteBuffer batch = ByteBuffer.allocate(ROWS_PER_BATCH * (ROW_HEADER + PART_BYTES) + 64);

        PartsOutput(CopyIn copy, long submissionId) {
            super(PART_BYTES);
            this.copy = copy;
            this.submissionId = submissionId;
            batch.put(SIGNATURE).putInt(0).putInt(0); // no flags, no header extension
        }

        /** The bytes written, stored once {@link #finish()} has sent the last row. */
        long length() {
            return count();
        }

        void finish() throws IOException {
            handOverRest();
            batch.putShort((short) -1);
            send();
        }

        /** A row's bytes, added to the batch (sent first if the row does not fit); the row's array is free again. */
        @Override
        protected byte[] full(byte[] row, int rowLength) throws IOException {
            if (batch.remaining() < ROW_HEADER + rowLength) {
                send();
            }
            batch.putShort((short) 3).putInt(8).putLong(submissionId).putInt(4).putInt(part++).putInt(rowLength)
                    .put(row, 0, rowLength);
            return row;
        }

        private void send() throws CopyFailed {
            try {
                copy.writeToCopy(batch.array(), 0, batch.position());
            } catch (SQLException e) {
                throw new CopyFailed(e);
            }
            batch.clear();
        }
    }
}
