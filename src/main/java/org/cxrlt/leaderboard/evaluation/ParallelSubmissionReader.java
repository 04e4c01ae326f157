package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Reads a plain CSV submission file (not compressed) in parts on several threads, straight into
 * the answer key's row order, with exactly the outcome of {@link SubmissionReader}: the same
 * predictions and warnings, or the same refusal (the same problems in the same order with the
 * same lines, the same total).
 *
 * <p>The rows after the header are cut into parts at line ends, each parsed by its own
 * {@link CsvReader} as if its first byte began a record. That holds for the first part, and for
 * each next one exactly when the part before it, itself read from a record's start, ended outside
 * quotes: a line end outside quotes ends a record, and one inside quotes leaves its part ending
 * inside a quoted field, which its reader reports. So the parts are checked in file order, and
 * at the first one that ends inside quotes (a quoted field with line breaks across the cut) the
 * file is read again by the serial reader. So is it when an id is found twice (the file is then
 * refused anyway): which of the two lines is the duplicate, and whether the later row's values
 * were read, depends on the order. Each part numbers its lines from 1; once the parts before it
 * are counted, its problems are moved to their lines in the file.
 *
 * <p>Memory: one reader (buffer and field offsets) per part being read, one byte per key row (which
 * rows were found) and each part's first problems and unmatched ids; the predictions are
 * written by the parts straight into the submission's arrays (each key row by the one part that
 * holds its id, or the file is refused).
 */
final class ParallelSubmissionReader {

    static final long MIN_PART_BYTES = FileParts.MIN_PART_BYTES;

    private ParallelSubmissionReader() {
    }

    /**
     * Reads the plain CSV {@code file} in parts of at least {@link #MIN_PART_BYTES}, up to one per
     * core, on the common fork-join pool (and the calling thread), or with the serial reader from
     * {@code csv} when the file is too small to cut or the parts cannot be used.
     *
     * @param csv the file's bytes from its start, for the serial reader
     */
    static Submission read(Path file, InputStream csv, AnswerKey key, ReadLimits limits)
            throws IOException, RefusedInputException {
        int cores = Runtime.getRuntime().availableProcessors();
        return read(file, csv, key, limits, cores, MIN_PART_BYTES, ForkJoinPool.commonPool());
    }

    /** {@link #read(Path, InputStream, AnswerKey, ReadLimits)} with the cutting chosen (tests cut small). */
    static Submission read(Path file, InputStream csv, AnswerKey key, ReadLimits limits, int maxParts,
                           long minPartBytes, Executor executor) throws IOException, RefusedInputException {
        Submission read = maxParts > 1 ? readInParts(file, key, limits, maxParts, minPartBytes, executor) : null;
        return read != null ? read : SubmissionReader.read(new CsvReader(csv, limits.maxRecordBytes()), key);
    }

    /**
     * The file read in parts, or null if it should be read serially: too small to cut, or the
     * parts do not give the serial reader's outcome (see the class comment).
     */
    static Submission readInParts(Path file, AnswerKey key, ReadLimits limits, int maxParts, long minPartBytes,
                                  Executor executor) throws IOException, RefusedInputException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 2 * minPartBytes) {
                return null;
            }
            CsvReader headerReader = new CsvReader(new FileParts.RangeInputStream(channel, 0, size), limits.maxRecordBytes());
            CsvHeader header = CsvHeader.read(headerReader);
            int[] columns = SubmissionReader.locate(header, key.idColumn(), key.labels());
            long dataStart = headerReader.offset();
            long[] cuts = FileParts.cuts(channel, dataStart, size, maxParts, minPartBytes);
            int parts = cuts.length - 1;
            if (parts < 2) {
                return null;
            }
            Reading reading = new Reading(channel, key, limits, header, columns, cuts, headerReader.nextLine());
            reading.run(executor);
            return reading.finish();
        }
    }

    /** One reading of a file in parts: what the parts share, and what each found. */
    private static final class Reading {
        private final FileChannel channel;
        private final AnswerKey key;
        private final ReadLimits limits;
        private final CsvHeader header;
        private final int[] columns;
        private final long[] cuts;
        private final long firstLine;
        private final double[][] predictions;
        /**
         * 1 once a key row's id was found. Written without synchronization (no compare-and-set,
         * whose handle costs start-up time): two parts that find one id at the same moment may
         * both see 0, which the count of rows each part claimed shows (see {@link #finish()}).
         */
        private final byte[] found;
        private final Part[] parts;
        /** Set when the parts cannot give the serial outcome (an id found twice): the others stop. */
        private volatile boolean abandoned;

        Reading(FileChannel channel, AnswerKey key, ReadLimits limits, CsvHeader header, int[] columns, long[] cuts,
                long firstLine) {
            this.channel = channel;
            this.key = key;
            this.limits = limits;
            this.header = header;
            this.columns = columns;
            this.cuts = cuts;
            this.firstLine = firstLine;
            this.predictions = new double[key.labels().size()][key.rows()];
            this.found = new byte[key.rows()];
            this.parts = new Part[cuts.length - 1];
        }

        void run(Executor executor) throws IOException {
            try {
                FileParts.run(parts.length, executor, index -> {
                    Part read = new Part();
                    try {
                        read.read(this, index);
                    } catch (RuntimeException | Error e) {
                        read.failure = e;
                    }
                    parts[index] = read;
                });
            } catch (InterruptedException e) {
                abandoned = true;
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the submission", e);
            }
        }

        /** The serial reader's outcome from the parts, or null if the file must be read serially. */
        Submission finish() throws IOException, RefusedInputException {
            if (abandoned) {
                return null;
            }
            ProblemList problems = new ProblemList();
            UnmatchedIds unmatched = new UnmatchedIds();
            long dataRows = 0;
            long claimed = 0;
            long lineShift = 0;
            for (int i = 0; i < parts.length; i++) {
                Part part = parts[i];
                if (part.failure != null) {
                    rethrow(part.failure);
                }
                if (part.tooLong != null) {
                    // the serial reader stops at the first record past the limit, refusing the file for it alone
                    throw new CsvReader.RecordTooLongException(shift(part.tooLong.problem(), lineShift));
                }
                if (part.endedInsideQuotes && i < parts.length - 1) {
                    return null;
                }
                for (Problem problem : part.problems.listed()) {
                    problems.add(shift(problem, lineShift));
                }
                problems.countMore(part.problems.total() - part.problems.listed().size());
                unmatched.addAll(part.unmatched);
                dataRows += part.dataRows;
                claimed += part.claimed;
                // the next part's line 1 is the line this part's reader would have gone on with
                lineShift = part.endLine + lineShift - 1;
            }
            long foundRows = 0;
            for (byte f : found) {
                foundRows += f;
            }
            if (foundRows != claimed) {
                return null; // two parts found one id at the same moment
            }
            return SubmissionReader.finish(key, header, columns, predictions, dataRows, problems, unmatched,
                    keyRow -> found[keyRow] != 0);
        }

        private static void rethrow(Throwable failure) throws IOException {
            if (failure instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure;
        }

        private static Problem shift(Problem problem, long lines) {
            return problem.line() > 0 && lines != 0
                    ? new Problem(problem.line() + lines, problem.column(), problem.value(), problem.message())
                    : problem;
        }
    }

    /** What one part found: its problems, with lines counted from its start, and the rows of other ids. */
    private static final class Part {
        final ProblemList problems = new ProblemList();
        final UnmatchedIds unmatched = new UnmatchedIds();
        long dataRows;
        /** Key rows this part found the id of. */
        long claimed;
        /** The line after the part's last line end, counted as its lines are. */
        long endLine;
        boolean endedInsideQuotes;
        CsvReader.RecordTooLongException tooLong;
        Throwable failure;

        void read(Reading reading, int index) {
            long start = reading.cuts[index];
            long end = reading.cuts[index + 1];
            // the first part starts at the header's line end, and so numbers its lines as the file does
            long firstLine = index == 0 ? reading.firstLine : 1;
            try {
                CsvReader reader = CsvReader.ofPart(new FileParts.RangeInputStream(reading.channel, start, end),
                        reading.limits.maxRecordBytes(), firstLine);
                readRows(reading, reader);
                endLine = reader.nextLine();
                endedInsideQuotes = reader.endedInsideQuotes();
            } catch (CsvReader.RecordTooLongException e) {
                tooLong = e;
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
            }
        }

        private void readRows(Reading reading, CsvReader reader) throws IOException {
            CsvHeader header = reading.header;
            int[] columns = reading.columns;
            List<String> labels = reading.key.labels();
            IdIndex keyIds = reading.key.ids();
            byte[] found = reading.found;
            while (reader.next()) {
                if (reading.abandoned) {
                    return;
                }
                dataRows++;
                Problem misfit = header.misfit(reader);
                if (misfit != null) {
                    problems.add(misfit);
                    continue;
                }
                int idStart = reader.trimmedStart(columns[0]);
                int idEnd = reader.trimmedEnd(columns[0]);
                if (idStart == idEnd) {
                    problems.add(Problem.atCell(reader.line(), reading.key.idColumn(), "", "the id is empty"));
                    continue;
                }
                int keyRow = keyIds.find(reader.buffer(), idStart, idEnd);
                if (keyRow < 0) {
                    unmatched.add(reader.buffer(), idStart, idEnd);
                    continue;
                }
                if (found[keyRow] != 0) {
                    reading.abandoned = true;
                    return;
                }
                found[keyRow] = 1;
                claimed++;
                SubmissionReader.readPredictions(reader, columns, labels, reading.predictions, keyRow, problems);
            }
        }
    }
}
