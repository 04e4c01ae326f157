package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads another stream ahead on a thread of its own, a few blocks at a time, so that the work of
 * producing its bytes (decompressing a gzip file or a zip entry) runs beside the work of reading
 * them (parsing CSV) instead of taking turns with it. At most {@value #BLOCKS_AHEAD} blocks of
 * {@value #BLOCK_BYTES} bytes wait. What the other stream throws is thrown here, the same
 * exception, once the bytes before it are read. Closing stops the thread, then closes the other
 * stream.
 */
final class ReadAheadInputStream extends InputStream {

    static final int BLOCK_BYTES = 256 << 10;
    static final int BLOCKS_AHEAD = 3;

    /** A block of bytes, or the end of the stream (no bytes, failure null), or its failure. */
    private record Block(byte[] bytes, int length, Throwable failure) {
    }

    private final InputStream in;
    private final BlockingQueue<Block> ready = new ArrayBlockingQueue<>(BLOCKS_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private Block current;
    private int position;
    private boolean ended;

    /** {@code in} read ahead if there is a core to spare for it, else {@code in} itself. */
    static InputStream of(InputStream in) {
        return Runtime.getRuntime().availableProcessors() > 1 ? new ReadAheadInputStream(in) : in;
    }

    ReadAheadInputStream(InputStream in) {
        this.in = in;
        this.reader = new Thread(this::readAhead, "read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            while (!closed) {
                byte[] bytes = new byte[BLOCK_BYTES];
                int length = 0;
                Throwable failure = null;
                try {
                    int n;
                    while (length < bytes.length && (n = in.read(bytes, length, bytes.length - length)) >= 0) {
                        length += n;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                // the bytes read before a failure come first, as they would without reading ahead
                if (length > 0) {
                    ready.put(new Block(bytes, length, null));
                }
                if (failure != null || length < bytes.length) {
                    ready.put(new Block(null, 0, failure));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed while waiting for room
        }
    }

    /** The current block with bytes left, or null at the end; rethrows the other stream's failure. */
    private Block block() throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        while (!ended && (current == null || position == current.length())) {
            Block next;
            try {
                next = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            if (next.failure() != null) {
                ended = true;
                Throwable failure = next.failure();
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw (Error) failure;
            }
            if (next.bytes() == null) {
                ended = true;
            }
            current = next;
            position = 0;
        }
        return ended ? null : current;
    }

    @Override
    public int read() throws IOException {
        Block block = block();
        return block == null ? -1 : block.bytes()[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        Block block = block();
        if (block == null) {
            return -1;
        }
        int n = Math.min(len, block.length() - position);
        System.arraycopy(block.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        ready.clear();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        in.close();
    }
}
