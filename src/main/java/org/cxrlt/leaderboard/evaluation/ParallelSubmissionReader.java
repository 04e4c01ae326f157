package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
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
            this.predictions = PredictionArrays.take(key.labels().size(), key.rows());
            this.found = new byte[key.rows()];
            this.parts = new Part[cuts.length - 1];
        }

        void run(Executor executor) throws IOException {
            FileParts.readAll(parts, index -> new Part(this), channel, cuts, firstLine, limits.maxRecordBytes(),
                    executor, () -> abandoned = true, "submission");
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
                part.rethrowFailure();
                if (part.tooLong != null) {
                    // the serial reader stops at the first record past the limit, refusing the file for it alone
                    throw new CsvReader.RecordTooLongException(FileParts.shifted(part.tooLong.problem(), lineShift));
                }
                if (part.endedInsideQuotes && i < parts.length - 1) {
                    return null;
                }
                for (Problem problem : part.problems.listed()) {
                    problems.add(FileParts.shifted(problem, lineShift));
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
    }

    /** What one part found: its problems, with lines counted from its start, and the rows of other ids. */
    private static final class Part extends FileParts.Part {
        final Reading reading;
        final ProblemList problems = new ProblemList();
        final UnmatchedIds unmatched = new UnmatchedIds();
        long dataRows;
        /** Key rows this part found the id of. */
        long claimed;

        Part(Reading reading) {
            this.reading = reading;
        }

        @Override
        void readRows(CsvReader reader) throws IOException {
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
