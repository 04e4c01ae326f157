package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A plain CSV file cut into parts at line ends, to be read on several threads at once (see
 * {@link ParallelSubmissionReader} for why the cuts give the serial reading's outcome when they
 * are checked in order).
 */
final class FileParts {

    /**
     * Parts are at least this large: cutting smaller costs more (a reader's buffer of up to
     * 1 MiB is allocated and filled per part) than it saves.
     */
    static final long MIN_PART_BYTES = 512 << 10;
    /** How far past a cutting point a line end is looked for before the cut is dropped. */
    private static final int LINE_END_SEARCH = 1 << 20;

    private FileParts() {
    }

    /**
     * Where the parts start, and the end of the file: {@code dataStart} (the line end after the
     * header), then after the first line end at or past each even share of the rest, dropping a
     * share with none within {@link #LINE_END_SEARCH} bytes or before the next share.
     */
    static long[] cuts(FileChannel channel, long dataStart, long size, int maxParts, long minPartBytes)
            throws IOException {
        long rest = size - dataStart;
        int parts = (int) Math.max(1, Math.min(maxParts, rest / minPartBytes));
        long[] cuts = new long[parts + 1];
        int count = 0;
        cuts[count++] = dataStart;
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (int i = 1; i < parts; i++) {
            long from = Math.max(dataStart + rest / parts * i, cuts[count - 1] + 1);
            long lineEnd = lineEndAtOrAfter(channel, chunk, from, Math.min(size, from + LINE_END_SEARCH));
            if (lineEnd >= 0 && lineEnd + 1 < size) {
                cuts[count++] = lineEnd + 1;
            }
        }
        cuts[count++] = size;
        return Arrays.copyOf(cuts, count);
    }

    /** The offset of the first LF in {@code [from, to)}, or -1. */
    private static long lineEndAtOrAfter(FileChannel channel, ByteBuffer chunk, long from, long to)
            throws IOException {
        long at = from;
        while (at < to) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), to - at));
            int n = channel.read(chunk, at);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (chunk.get(i) == '\n') {
                    return at + i;
                }
            }
            at += n;
        }
        return -1;
    }

    /**
     * Runs {@code read} for every part index: the calling thread and up to one helper per other
     * part, each taking the next part not yet taken, so that all are read even if the executor
     * runs none of the helpers (a busy pool, or the caller is one of its threads). {@code read}
     * must not throw.
     */
    static void run(int parts, Executor executor, IntConsumer read) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(parts);
        Runnable take = () -> {
            int part;
            while ((part = next.getAndIncrement()) < parts) {
                try {
                    read.accept(part);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = 1; i < parts; i++) {
            executor.execute(take);
        }
        take.run();
        done.await();
    }

    /**
     * Reads every part between {@code cuts} ({@link #run}): part {@code i} is made by
     * {@code make.apply(i)} and reads the bytes {@code [cuts[i], cuts[i + 1])}, numbering its lines
     * from {@code firstLine} for the first part (it starts where the header ended) and from 1 for
     * the others. On interruption {@code abandon} runs (to stop the parts still reading).
     *
     * @throws IOException if interrupted, naming {@code what} was read
     */
    static <P extends Part> void readAll(P[] parts, IntFunction<P> make, FileChannel channel, long[] cuts,
                                         long firstLine, int maxRecordBytes, Executor executor, Runnable abandon,
                                         String what) throws IOException {
        try {
            run(parts.length, executor, index -> {
                P part = make.apply(index);
                part.read(channel, cuts[index], cuts[index + 1], maxRecordBytes, index == 0 ? firstLine : 1);
                parts[index] = part;
            });
        } catch (InterruptedException e) {
            abandon.run();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the " + what, e);
        }
    }

    /** {@code problem} moved down by {@code lines} (a part's line numbers to the file's); a problem without a line stays. */
    static Problem shifted(Problem problem, long lines) {
        return problem.line() > 0 && lines != 0
                ? new Problem(problem.line() + lines, problem.column(), problem.value(), problem.message())
                : problem;
    }

    /**
     * What reading one part found besides its rows, which subclasses keep ({@link #readRows}):
     * where its lines ended and whether inside quotes, a record past the length limit, or any
     * other failure, kept to be rethrown when the parts are merged in file order.
     */
    abstract static class Part {
        /** The part's length in bytes, for sizing what it keeps of its rows. */
        long bytes;
        /** The line after the part's last line end, counted as its lines are. */
        long endLine;
        boolean endedInsideQuotes;
        CsvReader.RecordTooLongException tooLong;
        Throwable failure;

        /** Reads the part's records from {@code reader}, and may return early once the reading is abandoned. */
        abstract void readRows(CsvReader reader) throws IOException;

        /** Reads the bytes {@code [start, end)} of {@code channel}; keeps what went wrong rather than throwing. */
        final void read(FileChannel channel, long start, long end, int maxRecordBytes, long firstLine) {
            bytes = end - start;
            try {
                CsvReader reader = CsvReader.ofPart(new RangeInputStream(channel, start, end), maxRecordBytes,
                        firstLine);
                readRows(reader);
                endLine = reader.nextLine();
                endedInsideQuotes = reader.endedInsideQuotes();
            } catch (CsvReader.RecordTooLongException e) {
                tooLong = e;
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        /** Throws what went wrong reading the part, as it was thrown, if anything did. */
        final void rethrowFailure() throws IOException {
            if (failure instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw (Error) failure;
            }
        }
    }

    /** The bytes {@code [start, end)} of a file, read at their offsets, so that parts can be read at once. */
    static final class RangeInputStream extends InputStream {
        private final FileChannel channel;
        private final long end;
        private long position;

        RangeInputStream(FileChannel channel, long start, long end) {
            this.channel = channel;
            this.position = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                return -1; // the file was shortened meanwhile
            }
            position += n;
            return n;
        }
    }
}
