package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip with Huffman coding only, no search for repeated strings: predictions are decimals whose
 * digits hardly repeat, so the search of even the fastest level (1) finds almost nothing (a
 * synthetic task-1 submission: 16.07 MB at level 1, 15.86 MB Huffman-only, from 34.8 MB) yet
 * costs most of the time (about 2.5x slower here), and the upload waits for it.
 *
 * <p>Its chunks are compressed on all cores at once, written as one
 * ordinary gzip member (as pigz does): each chunk of {@value #CHUNK_BYTES} bytes is deflated by
 * a deflater of its own and ended with a sync flush (byte-aligned, no final block), the chunks
 * are written in order, then an empty final block and the trailer (the CRC-32 of the whole,
 * computed in order by the writing thread, and the length). Huffman-only deflate refers to no
 * earlier bytes, so independent chunks compress exactly as well as one stream (up to a few bytes
 * per chunk). Any gzip reader reads the result, with no need to read concatenated members.
 *
 * <p>Hand-written because the JDK's {@code GZIPOutputStream} compresses on one thread, and no
 * parallel gzip library is among those this build resolves; on the idle 2-core machine a task-1
 * upload's compression and sending (stage "file") is most of its time to 202 (README, "Speed
 * (service)").
 *
 * <p>Memory: at most {@value #IN_FLIGHT} chunks per call are being compressed or waiting to be
 * written (about 1.1x{@value #CHUNK_BYTES} bytes each, raw and compressed), never the whole file.
 */
final class ParallelGzip {

    /**
     * 256 KiB: small enough to keep every core busy on one upload, large enough that the flush
     * costs nothing, and under half a G1 region of the smallest heaps (1 MiB regions), so that
     * neither a chunk nor its compressed bytes is a humongous object (bench/service.sh, one run
     * each, -Xmx512m: peak resident memory 830 MB with 512 KiB chunks, 732 MB with 256 KiB).
     */
    static final int CHUNK_BYTES = 256 << 10;
    /** Chunks of one call compressing or waiting at once: twice the pool's threads on two cores. */
    static final int IN_FLIGHT = 4;

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** An empty final block with fixed Huffman codes: BFINAL 1, BTYPE 01, end of block. */
    private static final byte[] FINAL_BLOCK = {3, 0};

    /**
     * Compressing threads shared by every upload, one per core: uploads stored at once take
     * turns for them, and never hold more than {@link #IN_FLIGHT} chunks each in their queue.
     */
    private static final ExecutorService COMPRESSORS = compressors();

    private ParallelGzip() {
    }

    /** Gzips everything {@code in} holds into {@code out}, leaving both open. */
    static void compress(InputStream in, OutputStream out) throws IOException {
        try (Output gzip = new Output(out)) {
            in.transferTo(gzip);
        }
    }

    /**
     * A stream that gzips what is written to it into its target, as {@link #compress} does, for
     * bytes that are pushed (an upload compressed while it arrives); {@link #close()} writes the
     * end of the gzip member and leaves the target open.
     */
    static final class Output extends OutputStream {

        private final OutputStream out;
        private final CRC32 crc = new CRC32();
        private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
        private byte[] chunk = new byte[CHUNK_BYTES];
        private int chunkLength;
        private long length;
        private boolean closed;

        Output(OutputStream out) throws IOException {
            this.out = out;
            out.write(HEADER);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK_BYTES - chunkLength);
                System.arraycopy(b, off, chunk, chunkLength, n);
                chunkLength += n;
                off += n;
                len -= n;
                if (chunkLength == CHUNK_BYTES) {
                    submit(chunk);
                    chunk = new byte[CHUNK_BYTES];
                    chunkLength = 0;
                }
            }
        }

        private void submit(byte[] full) throws IOException {
            crc.update(full);
            length += full.length;
            if (pending.size() == IN_FLIGHT) {
                out.write(result(pending.removeFirst()));
            }
            pending.addLast(COMPRESSORS.submit(() -> deflate(full)));
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (chunkLength > 0) {
                    submit(Arrays.copyOf(chunk, chunkLength));
                }
                while (!pending.isEmpty()) {
                    out.write(result(pending.removeFirst()));
                }
            } finally {
                pending.forEach(f -> f.cancel(false));
                pending.clear();
            }
            out.write(FINAL_BLOCK);
            writeIntLittleEndian(out, (int) crc.getValue());
            writeIntLittleEndian(out, (int) length); // ISIZE: the length modulo 2^32
        }
    }

    /** One chunk as deflate blocks ending byte-aligned (a sync flush), none of them final. */
    static byte[] deflate(byte[] chunk) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(chunk);
        // Huffman coding of bytes rarely grows them; a stored block would add 5 bytes per 64 KiB
        byte[] out = new byte[chunk.length + chunk.length / 8 + 64];
        int length = 0;
        while (true) {
            length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
            if (length < out.length && deflater.needsInput()) {
                return Arrays.copyOf(out, length);
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
    }

    /**
     * One deflater per compressing thread, reset for each chunk (making one costs more than
     * compressing a small chunk). Made with its strategy applied: a changed strategy is applied
     * by the next deflate call, which then does nothing else; made on an empty stream, that call
     * outputs nothing, and {@link Deflater#reset()} keeps the strategy.
     */
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        deflater.deflate(new byte[64], 0, 64, Deflater.NO_FLUSH);
        return deflater;
    });

    private static byte[] result(Future<byte[]> compressed) throws IOException {
        try {
            return compressed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("could not compress the upload", e.getCause());
        }
    }

    private static void writeIntLittleEndian(OutputStream out, int value) throws IOException {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    private static ExecutorService compressors() {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "upload-gzip-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
