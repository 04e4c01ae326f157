package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Reads a plain CSV answer key file (not compressed) in parts on several threads, with exactly
 * the outcome of the serial reader ({@link AnswerKey#parse}): the parts are cut and checked as
 * {@link ParallelSubmissionReader} does, each part keeps its rows' ids (with their hashes) and 0/1
 * values, and then the ids are added to the key's index in file order while the values are copied
 * into the key's columns (at once on the calling thread and a pool thread, when the pool has one
 * free; else one after the other). Anything the serial
 * reader would report as a problem (a malformed line, an empty, repeated or unreadable id, a value
 * other than 0 or 1) makes the parts stop, and the file is read again serially: answer keys come
 * from the organizers, a refused one is rare, and the serial reader describes it.
 *
 * <p>Memory: the parts' rows (their ids, a hash and one byte per label) until they are merged,
 * about as much again as the key itself, and one reader per part being read.
 */
final class ParallelAnswerKeyReader {

    private ParallelAnswerKeyReader() {
    }

    static AnswerKey read(Path file, InputStream csv, String idColumn, List<String> labels, ReadLimits limits)
            throws IOException, RefusedInputException {
        return read(file, csv, idColumn, labels, limits, Runtime.getRuntime().availableProcessors(),
                FileParts.MIN_PART_BYTES, ForkJoinPool.commonPool());
    }

    /** {@link #read(Path, InputStream, String, List, ReadLimits)} with the cutting chosen (tests cut small). */
    static AnswerKey read(Path file, InputStream csv, String idColumn, List<String> labels, ReadLimits limits,
                          int maxParts, long minPartBytes, Executor executor)
            throws IOException, RefusedInputException {
        AnswerKey read = maxParts > 1 && idColumn != null && !idColumn.isEmpty()
                ? readInParts(file, idColumn, labels, limits, maxParts, minPartBytes, executor) : null;
        return read != null ? read
                : AnswerKey.parse(new CsvReader(csv, limits.maxRecordBytes()), idColumn, labels);
    }

    /** The key read in parts, or null if it should be read serially. */
    static AnswerKey readInParts(Path file, String idColumn, List<String> requestedLabels, ReadLimits limits,
                                 int maxParts, long minPartBytes, Executor executor)
            throws IOException, RefusedInputException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 2 * minPartBytes) {
                return null;
            }
            CsvReader headerReader = new CsvReader(new FileParts.RangeInputStream(channel, 0, size),
                    limits.maxRecordBytes());
            CsvHeader header = CsvHeader.read(headerReader);
            List<String> labels = requestedLabels != null ? requestedLabels : header.namesExcept(idColumn);
            ProblemList headerProblems = new ProblemList();
            int[] columns = labels.isEmpty() ? null : header.locate(idColumn, labels, headerProblems);
            if (columns == null) {
                return null; // the serial reader describes what is wrong with the header
            }
            long[] cuts = FileParts.cuts(channel, headerReader.offset(), size, maxParts, minPartBytes);
            if (cuts.length < 3) {
                return null;
            }
            Part[] parts = new Part[cuts.length - 1];
            Shared shared = new Shared(header, columns);
            FileParts.readAll(parts, index -> new Part(shared, columns.length - 1), channel, cuts,
                    headerReader.nextLine(), limits.maxRecordBytes(), executor, () -> shared.abandoned = true,
                    "answer key");
            return merge(parts, shared, idColumn, labels, executor);
        }
    }

    private static AnswerKey merge(Part[] parts, Shared shared, String idColumn, List<String> labels,
                                   Executor executor) throws IOException, RefusedInputException {
        if (shared.abandoned) {
            return null;
        }
        int rows = 0;
        long lineShift = 0;
        for (int i = 0; i < parts.length; i++) {
            Part part = parts[i];
            part.rethrowFailure();
            if (part.tooLong != null) {
                throw new CsvReader.RecordTooLongException(FileParts.shifted(part.tooLong.problem(), lineShift));
            }
            if (part.endedInsideQuotes) {
                return null;
            }
            rows += part.rows;
            lineShift = part.endLine + lineShift - 1;
        }
        if (rows == 0) {
            return null;
        }
        long idBytes = 0;
        for (Part part : parts) {
            idBytes += part.rows == 0 ? 0 : part.idEnds[part.rows - 1];
        }
        if (idBytes > Integer.MAX_VALUE - 16) {
            return null; // more than one index can hold: the serial reader says what it can
        }
        // Two tasks, on two threads when the pool has one free, as the merge was the one serial
        // stretch of a `score` run (a third of a task-1 key's reading time on two cores): the
        // index in file order, so that a repeated id is found where the serial reader finds it,
        // and the values copied from the parts' rows into the key's columns, counting each
        // label's positives on the way.
        byte[][] truth = new byte[labels.size()][rows];
        int[] positives = new int[labels.size()];
        IdIndex ids = new IdIndex(rows, (int) idBytes);
        boolean[] repeated = new boolean[1];
        Throwable[] failure = new Throwable[1];
        try {
            FileParts.run(2, executor, task -> {
                try {
                    if (task == 0) {
                        repeated[0] = !index(parts, ids);
                    } else {
                        copyValues(parts, truth, positives);
                    }
                } catch (RuntimeException | Error e) {
                    failure[0] = e;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the answer key", e);
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] != null) {
            throw (Error) failure[0];
        }
        if (repeated[0]) {
            return null; // a repeated id: the serial reader names both lines
        }
        return AnswerKey.checked(idColumn, ids, labels, truth, rows, positives, new ProblemList(), shared.header,
                shared.columns);
    }

    /** Adds the parts' ids to {@code ids} in file order; false at the first id already there. */
    private static boolean index(Part[] parts, IdIndex ids) {
        for (Part part : parts) {
            byte[] pool = part.idPool;
            int[] idEnds = part.idEnds;
            int[] hashes = part.hashes;
            int start = 0;
            for (int r = 0; r < part.rows; r++) {
                if (ids.add(pool, start, idEnds[r], hashes[r]) < 0) {
                    return false;
                }
                start = idEnds[r];
            }
        }
        return true;
    }

    /** The parts' values, row after row, into {@code truth}'s columns; each label's positives into {@code positives}. */
    private static void copyValues(Part[] parts, byte[][] truth, int[] positives) {
        int labelCount = truth.length;
        int firstRow = 0;
        for (Part part : parts) {
            byte[] values = part.values;
            for (int l = 0; l < labelCount; l++) {
                byte[] column = truth[l];
                int count = 0;
                for (int r = 0, at = l; r < part.rows; r++, at += labelCount) {
                    byte value = values[at];
                    column[firstRow + r] = value;
                    count += value;
                }
                positives[l] += count;
            }
            firstRow += part.rows;
        }
    }

    /** What the parts share. */
    private static final class Shared {
        final CsvHeader header;
        final int[] columns;
        /** Set when a part found a problem: the file is read again serially, the others stop. */
        volatile boolean abandoned;

        Shared(CsvHeader header, int[] columns) {
            this.header = header;
            this.columns = columns;
        }
    }

    /** One part's rows: their ids end to end with their hashes, and their values row after row. */
    private static final class Part extends FileParts.Part {
        private final Shared shared;
        private final int labelCount;
        byte[] idPool = new byte[1 << 16];
        int[] idEnds;
        /** Each id's {@link IdIndex#hash}, computed on the part's thread rather than in the merge. */
        int[] hashes;
        byte[] values;
        int rows;

        Part(Shared shared, int labelCount) {
            this.shared = shared;
            this.labelCount = labelCount;
            int capacity = AnswerKey.initialRows(labelCount);
            this.idEnds = new int[capacity];
            this.hashes = new int[capacity];
            this.values = new byte[capacity * labelCount];
        }

        @Override
        void readRows(CsvReader reader) throws IOException {
            while (reader.next()) {
                if (shared.abandoned || !row(reader, shared.header, shared.columns)) {
                    shared.abandoned = true;
                    return;
                }
            }
        }

        /**
         * Room for more rows, the arrays being full with {@code rows}: for as many rows as the
         * part holds if the rest are as long on average as the rows read so far ({@code consumed}
         * bytes of the part, the current row's included), and a sixteenth more; at least twice
         * and at most eight times the rows read. Doubling alone, from 1,024 rows, allocated 18 MB
         * for a task-1 key's 3.2 MB of values (JFR), which a short run pays for in page faults;
         * the bound keeps a key whose first rows are short and the rest long (a long unused
         * column) from allocating for rows it does not have.
         */
        private void grow(long consumed) {
            long expected = bytes * (rows + 1L) / Math.max(1, consumed);
            expected += expected >> 4;
            long capacity = Math.max(rows * 2L, Math.min(expected, rows * 8L));
            if (capacity * labelCount > Integer.MAX_VALUE - 16) {
                capacity = rows * 2L; // as large as an array can be, or Arrays.copyOf refuses it as before
            }
            int grown = (int) Math.min(capacity, Integer.MAX_VALUE - 16);
            idEnds = Arrays.copyOf(idEnds, grown);
            hashes = Arrays.copyOf(hashes, grown);
            values = Arrays.copyOf(values, grown * labelCount);
            // the ids so far give their mean length
            long idBytes = (long) grown * (idEnds[rows - 1] / rows + 1);
            if (idBytes > idPool.length && idBytes < Integer.MAX_VALUE - 16) {
                idPool = Arrays.copyOf(idPool, (int) idBytes);
            }
        }

        /** Keeps the row; false if it has a problem. */
        private boolean row(CsvReader reader, CsvHeader header, int[] columns) {
            if (header.misfit(reader) != null) {
                return false;
            }
            int idStart = reader.trimmedStart(columns[0]);
            int idEnd = reader.trimmedEnd(columns[0]);
            if (idStart == idEnd) {
                return false;
            }
            if (rows == idEnds.length) {
                grow(reader.offset());
            }
            int used = rows == 0 ? 0 : idEnds[rows - 1];
            int length = idEnd - idStart;
            if (used + length > idPool.length) {
                idPool = Arrays.copyOf(idPool, Math.max(idPool.length * 2, used + length));
            }
            byte[] buffer = reader.buffer();
            System.arraycopy(buffer, idStart, idPool, used, length);
            idEnds[rows] = used + length;
            hashes[rows] = IdIndex.hash(buffer, idStart, idEnd);
            int offset = rows * labelCount;
            for (int l = 0; l < labelCount; l++) {
                int field = columns[l + 1];
                int start = reader.start(field);
                int end = reader.end(field);
                // nearly every cell is a bare 0 or 1: decide those without the number parser
                if (end - start == 1 && (buffer[start] == '0' || buffer[start] == '1')) {
                    values[offset + l] = (byte) (buffer[start] - '0');
                    continue;
                }
                double value = DecimalParser.parse(buffer, start, end);
                if (value == 0 || value == 1) {
                    values[offset + l] = (byte) value;
                } else {
                    return false;
                }
            }
            rows++;
            return true;
        }
    }
}
