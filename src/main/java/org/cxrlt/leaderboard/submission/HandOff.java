package org.cxrlt.leaderboard.submission;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cxrlt.leaderboard.system.BlockOutputStream;
import org.cxrlt.leaderboard.system.CompressedUpload;

/**
 * An output stream whose bytes are written to its target by another thread, in blocks of
 * 64 KiB, a few blocks ahead at most: while the request's thread reads an upload's multipart
 * body ({@code MultipartReader}), a second one compresses
 * it and sends its rows to the database, so that the two cores and PostgreSQL work at once.
 * {@link #close()} closes the target once it has everything, waits for that, and rethrows the
 * target's failure;
 * {@link #abandon()} stops the writer at its next block and waits for it, so that the target
 * (a {@code COPY} on the transaction's connection) is used by one thread at a time.
 */
final class HandOff extends BlockOutputStream {

    private static final int BLOCK = 64 << 10;
    private static final int BLOCKS_AHEAD = 8;
    private static final byte[] END = new byte[0];
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Writers for the uploads being stored as they arrive: at most one per turn to store. */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "cxrlt-upload-writer-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(BLOCKS_AHEAD);
    private final OutputStream target;
    private final FutureTask<Void> writer;
    private volatile boolean abandoned;
    private boolean closed;

    HandOff(OutputStream target) {
        super(BLOCK);
        this.target = target;
        this.writer = new FutureTask<>(() -> {
            try {
                while (true) {
                    byte[] next = blocks.take();
                    if (abandoned) {
                        return null; // released by abandon(), once this thread has stopped
                    }
                    if (next == END) {
                        target.close();
                        return null;
                    }
                    target.write(next);
                }
            } catch (Exception | Error e) {
                release();
                throw e;
            }
        });
        WRITERS.execute(writer);
    }

    /**
     * Frees a compressing target that will not be closed (its upload abandoned, or its writing
     * failed): zstd's context is outside the heap, and each one left behind kept about a
     * megabyte for good (300 uploads cut off mid-body: the service's resident memory grew by
     * about 210 MB).
     */
    private void release() {
        if (target instanceof CompressedUpload.Compressing compressing) {
            compressing.abort();
        }
    }

    /** Queues the block for the writer: a full one whole (a new one is filled next), the last one copied. */
    @Override
    protected byte[] full(byte[] block, int length) throws IOException {
        handOver(length == BLOCK ? block : java.util.Arrays.copyOf(block, length));
        return new byte[BLOCK];
    }

    /** Hands the rest over, then waits until the target has been given everything. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        handOverRest();
        handOver(END);
        awaitWriter();
    }

    /** Stops the writer (what it has not written yet is dropped) and waits until it has stopped. */
    void abandon() {
        closed = true;
        abandoned = true;
        blocks.clear();
        blocks.offer(END);
        try {
            writer.get();
            release(); // the writer has stopped: nothing else uses the target
        } catch (ExecutionException e) {
            // the target failed (and was released): it is being abandoned anyway
        } catch (InterruptedException e) {
            writer.cancel(true); // the writer may still hold the target: left as it is (at shutdown)
            Thread.currentThread().interrupt();
        }
    }

    private void handOver(byte[] next) throws IOException {
        try {
            while (!blocks.offer(next, 100, TimeUnit.MILLISECONDS)) {
                if (writer.isDone()) { // it failed: nothing takes blocks any more
                    awaitWriter();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException("interrupted while handing an upload over");
        }
        if (writer.isDone() && next != END) {
            awaitWriter();
        }
    }

    /** Waits for the writer; its failure is thrown as it was thrown. */
    private void awaitWriter() throws IOException {
        try {
            writer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        } catch (InterruptedException e) {
            writer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an upload to be written");
        }
        if (!closed) {
            throw new IOException("the writer of the upload stopped before its end");
        }
    }
}
