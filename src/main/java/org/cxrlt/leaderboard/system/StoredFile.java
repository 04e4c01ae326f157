package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A stored upload read as a stream, a slice at a time ({@code substring} of the {@code bytea},
 * which reads only the TOAST chunks it needs): the heap holds one slice, never the whole file,
 * and no database connection is held between slices.
 */
public final class StoredFile extends InputStream {

    /** 4 MiB: a task-1 submission (about 16 MB stored) in four round trips. */
    static final int SLICE_BYTES = 4 << 20;

    private final JdbcTemplate jdbc;
    private final long submissionId;
    private final long length;
    private final int sliceBytes;
    private byte[] slice = new byte[0];
    private int slicePosition;
    private long nextOffset;
    private long fetchNanos;

    private StoredFile(JdbcTemplate jdbc, long submissionId, long length, int sliceBytes) {
        this.jdbc = jdbc;
        this.submissionId = submissionId;
        this.length = length;
        this.sliceBytes = sliceBytes;
    }

    /**
     * @throws IllegalStateException if the submission has no stored file
     */
    public static StoredFile open(JdbcTemplate jdbc, long submissionId) {
        return open(jdbc, submissionId, SLICE_BYTES);
    }

    static StoredFile open(JdbcTemplate jdbc, long submissionId, int sliceBytes) {
        var lengths = jdbc.queryForList("select octet_length(content) from submission_file where submission_id = ?",
                Long.class, submissionId);
        if (lengths.isEmpty()) {
            throw new IllegalStateException("submission " + submissionId + " has no stored file");
        }
        return new StoredFile(jdbc, submissionId, lengths.get(0), sliceBytes);
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
        int want = (int) Math.min(sliceBytes, length - nextOffset);
        slice = null; // let the previous slice go before the next arrives
        long offset = nextOffset;
        long started = System.nanoTime();
        byte[] next = jdbc.query(connection -> {
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
}
