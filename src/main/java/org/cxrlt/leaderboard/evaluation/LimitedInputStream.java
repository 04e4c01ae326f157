package org.cxrlt.leaderboard.evaluation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongFunction;

/**
 * A stream that counts the bytes read and skipped through it and fails once they pass a limit:
 * what bounds a decompressing stream, so that a small file that expands without end (a
 * decompression bomb) is refused after {@code limit} bytes rather than read to its end. Reading
 * exactly {@code limit} bytes is allowed; the read that would pass it throws what
 * {@code refusal} makes, and so does every read after it. Not thread-safe.
 */
public final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final LongFunction<? extends IOException> refusal;
    private long count;

    /**
     * @param in      the stream to count
     * @param limit   the most bytes that may be read, at least 0
     * @param refusal the failure thrown once more than {@code limit} bytes were read, given the limit
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public LimitedInputStream(InputStream in, long limit, LongFunction<? extends IOException> refusal) {
        super(in);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0, was " + limit);
        }
        this.limit = limit;
        this.refusal = refusal;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            add(skipped);
        }
        return skipped;
    }

    private void add(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw refusal.apply(limit);
        }
    }
}
