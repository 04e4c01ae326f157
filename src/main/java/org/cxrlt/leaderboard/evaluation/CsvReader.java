package org.cxrlt.leaderboard.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads RFC 4180 CSV record by record straight from bytes, as pandas, Excel and R write it:
 * UTF-8 with or without BOM, LF, CRLF or CR line ends, final newline optional, quoted fields
 * with doubled quotes inside. Blank lines are skipped, as pandas does.
 *
 * <p>Written here rather than taken from a CSV library because those hand out a {@code String}
 * per field: a task-1 submission has over three million cells, and the hot path must allocate
 * nothing per cell. A field is exposed as a byte range of the current buffer, valid until the
 * next call to {@link #next()}.
 *
 * <p>A record may hold at most {@code maxRecordBytes} bytes (line end excluded): past it the
 * reader throws {@link RecordTooLongException}. That bounds its buffer, which would otherwise
 * take in the rest of the file after a quote that is never closed.
 */
final class CsvReader {

    private static final int INITIAL_BUFFER = 1 << 20;
    private static final int INITIAL_FIELDS = 64;
    /** ',' + 1 in every byte. */
    private static final long ABOVE_COMMA = 0x2D2D2D2D2D2D2D2DL;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream in;
    private final int maxRecordBytes;
    private byte[] buffer;
    private int limit;
    private int position;
    private boolean endOfInput;

    private int[] starts = new int[INITIAL_FIELDS];
    private int[] ends = new int[INITIAL_FIELDS];
    private boolean[] escaped = new boolean[INITIAL_FIELDS];
    private int fieldCount;

    private int recordStart;
    private long nextLine = 1;
    private long recordLine;
    private String malformation;
    private boolean recordSeen;
    /** Offset in the input of {@code buffer[0]}. */
    private long bufferOffset;
    /** Whether the input ended inside a quoted field. */
    private boolean endedInsideQuotes;

    CsvReader(InputStream in) throws IOException {
        this(in, ReadLimits.DEFAULT_MAX_RECORD_BYTES);
    }

    CsvReader(InputStream in, int maxRecordBytes) throws IOException {
        this(in, maxRecordBytes, INITIAL_BUFFER);
        if (limit >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
            position = 3;
        }
    }

    private CsvReader(InputStream in, int maxRecordBytes, int initialBuffer) throws IOException {
        this.in = in;
        this.maxRecordBytes = maxRecordBytes;
        // never larger than a record may be, plus room for its line end
        this.buffer = new byte[(int) Math.min(initialBuffer, Math.max(1024, maxRecordBytes + 2L))];
        fill();
    }

    /**
     * A reader of a part of a file that starts where a record starts, after the header: no BOM
     * is looked for, blank lines at its start are not bounded as those before a header are, and
     * lines are numbered from {@code firstLine}.
     */
    static CsvReader ofPart(InputStream in, int maxRecordBytes, long firstLine) throws IOException {
        CsvReader reader = new CsvReader(in, maxRecordBytes, INITIAL_BUFFER);
        reader.recordSeen = true;
        reader.nextLine = firstLine;
        return reader;
    }

    /**
     * Offset in the input of the current position: after {@link #next()}, of the line end (or
     * the end of the input) that follows the current record.
     */
    long offset() {
        return bufferOffset + position;
    }

    /**
     * The line on which the current record ends (its start line plus the line breaks inside its
     * quotes); once {@link #next()} has returned false, the line after the input's last line end.
     */
    long nextLine() {
        return nextLine;
    }

    /** Whether the input ended inside a quoted field (the last record then has a malformation). */
    boolean endedInsideQuotes() {
        return endedInsideQuotes;
    }

    /**
     * Advances to the next non-blank record.
     *
     * @return false at the end of the input
     */
    boolean next() throws IOException {
        long blankBytes = 0;
        while (true) {
            recordStart = position;
            if (!available(0)) {
                return false;
            }
            byte first = buffer[recordStart];
            if (first == '\n' || first == '\r') {
                position = recordStart;
                skipLineEnd();
                // Before the first record (the header) the blank lines are bounded like a record:
                // else a small gzip of a gigabyte of line ends costs seconds of decompression before
                // anything is refused. Blank lines between rows are bounded by the decompression
                // limit only, as every byte of the file is: that work is the same as for a file of
                // rows of that size.
                if (!recordSeen && ++blankBytes > maxRecordBytes) {
                    throw new RecordTooLongException(Problem.ofFile(noHeaderWithin(maxRecordBytes)));
                }
                continue;
            }
            recordSeen = true;
            if (!readPlainRecord()) {
                readRecord();
            }
            return true;
        }
    }

    /** The refusal of a file whose first {@code limit} bytes are all line ends. */
    static String noHeaderWithin(long limit) {
        return "no header line within the first " + limit + " lines: the file starts with more than " + limit
                + " blank lines (the limit, that of one record); the header (the id column and the labels) must be the"
                + " first line";
    }

    /**
     * The common case, in one tight loop: a record without quotes that ends, line end included,
     * inside the buffer. Returns false, having changed nothing that {@link #readRecord()} relies
     * on, for anything else.
     */
    private boolean readPlainRecord() {
        byte[] b = buffer;
        int lim = limit;
        int base = recordStart;
        int fieldStart = base;
        int count = 0;
        int p = base;
        while (p < lim) {
            // digits, '.', '-' and letters, nearly every byte of a row, are all above ',' (44),
            // the highest of the bytes looked for ('"' 34, CR 13, LF 10): eight bytes at a time,
            // the lowest byte below ',' + 1 is found at once (the borrow of the subtraction
            // reaches only bytes after it; bytes of multi-byte UTF-8, with their high bit set,
            // are passed, as they are by the byte-at-a-time test below)
            if (p + 8 <= lim) {
                long word = EightBytes.at(b, p);
                long low = (word - ABOVE_COMMA) & ~word & HIGH_BITS;
                if (low == 0) {
                    p += 8;
                    continue;
                }
                p += Long.numberOfTrailingZeros(low) >>> 3;
            }
            byte c = b[p];
            // bytes of multi-byte UTF-8 are negative: they fail this test and none of those below
            if (c > ',') {
                p++;
                continue;
            }
            if (c == ',' || c == '\n' || c == '\r') {
                if (count == starts.length) {
                    growFields();
                }
                starts[count] = fieldStart - base;
                ends[count] = p - base;
                escaped[count] = false;
                count++;
                if (c != ',') {
                    if (p - base > maxRecordBytes) {
                        return false; // readRecord() refuses it, naming the line
                    }
                    fieldCount = count;
                    recordLine = nextLine;
                    malformation = null;
                    position = p; // the line end is left for next(), which counts the line
                    return true;
                }
                fieldStart = p + 1;
            } else if (c == '"') {
                return false;
            }
            p++;
        }
        return false;
    }

    /** Physical line (1-based) on which the current record starts. */
    long line() {
        return recordLine;
    }

    int fieldCount() {
        return fieldCount;
    }

    byte[] buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the field's first byte, inside the quotes if quoted. */
    int start(int field) {
        return recordStart + starts[field];
    }

    /** Index in {@link #buffer()} just past the field's last byte. */
    int end(int field) {
        return recordStart + ends[field];
    }

    /** Start of the field without leading spaces or tabs. */
    int trimmedStart(int field) {
        int s = start(field);
        int e = end(field);
        while (s < e && (buffer[s] == ' ' || buffer[s] == '\t')) {
            s++;
        }
        return s;
    }

    /** End of the field without trailing spaces or tabs; equals {@link #trimmedStart} for a blank field. */
    int trimmedEnd(int field) {
        int s = trimmedStart(field);
        int e = end(field);
        while (e > s && (buffer[e - 1] == ' ' || buffer[e - 1] == '\t')) {
            e--;
        }
        return e;
    }

    /** Why the current record could not be split cleanly (a stray or unclosed quote), or null. */
    String malformation() {
        return malformation;
    }

    /**
     * Up to {@code lines} lines after the current record, as far as the buffer holds them (no
     * more input is read), at most {@code maxBytes} bytes, with LF line ends; nothing is consumed.
     * Only for explaining a refusal.
     */
    String peekLines(int lines, int maxBytes) {
        int p = position;
        int end = (int) Math.min(limit, (long) position + maxBytes);
        StringBuilder text = new StringBuilder();
        int lineStart = -1;
        int found = 0;
        while (p < end && found < lines) {
            byte c = buffer[p];
            if (c == '\n' || c == '\r') {
                if (lineStart >= 0) {
                    text.append(new String(buffer, lineStart, p - lineStart, StandardCharsets.UTF_8)).append('\n');
                    found++;
                    lineStart = -1;
                }
            } else if (lineStart < 0) {
                lineStart = p;
            }
            p++;
        }
        if (lineStart >= 0 && found < lines) {
            text.append(new String(buffer, lineStart, p - lineStart, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** The field as text, quotes removed and doubled quotes undone. */
    String text(int field) {
        String raw = new String(buffer, start(field), end(field) - start(field), StandardCharsets.UTF_8);
        return escaped[field] ? raw.replace("\"\"", "\"") : raw;
    }

    // Offsets inside a record are kept relative to its start, so that moving the record to the
    // front of the buffer when more input is read leaves them valid.
    private void readRecord() throws IOException {
        recordLine = nextLine;
        fieldCount = 0;
        malformation = null;
        int rel = 0;
        while (true) {
            int fieldStart = rel;
            if (available(rel) && buffer[recordStart + rel] == '"') {
                rel = readQuotedField(rel);
            } else {
                rel = scanUnquoted(rel);
                addField(fieldStart, rel, false);
            }
            if (rel > maxRecordBytes) {
                throw tooLong();
            }
            if (!available(rel)) {
                position = recordStart + rel;
                return;
            }
            if (buffer[recordStart + rel] == ',') {
                rel++;
                continue;
            }
            // the line end is left for next(), which consumes it and counts the line
            position = recordStart + rel;
            return;
        }
    }

    private int scanUnquoted(int rel) throws IOException {
        while (true) {
            byte[] b = buffer;
            int q = recordStart + rel;
            int lim = limit;
            while (q < lim) {
                byte c = b[q];
                if (c == ',' || c == '\n' || c == '\r') {
                    return q - recordStart;
                }
                if (c == '"' && malformation == null) {
                    malformation = "a quote inside an unquoted field";
                }
                q++;
            }
            rel = q - recordStart;
            if (!available(rel)) {
                return rel;
            }
        }
    }

    /** Reads the quoted field whose opening quote is at {@code rel}; returns the offset after it. */
    private int readQuotedField(int rel) throws IOException {
        int contentStart = rel + 1;
        int q = contentStart;
        boolean hasDoubledQuotes = false;
        long linesInside = 0;
        while (true) {
            if (!available(q)) {
                malformation = "a quoted field is not closed before the end of the file";
                endedInsideQuotes = true;
                addField(contentStart, q, hasDoubledQuotes);
                nextLine += linesInside;
                return q;
            }
            byte c = buffer[recordStart + q];
            if (c == '"') {
                if (available(q + 1) && buffer[recordStart + q + 1] == '"') {
                    hasDoubledQuotes = true;
                    q += 2;
                    continue;
                }
                addField(contentStart, q, hasDoubledQuotes);
                nextLine += linesInside;
                q++;
                if (available(q) && !isFieldEnd(buffer[recordStart + q])) {
                    if (malformation == null) {
                        malformation = "text after the closing quote of a quoted field";
                    }
                    // skip the rest of this field so that the rest of the record still splits
                    while (available(q) && !isFieldEnd(buffer[recordStart + q])) {
                        q++;
                    }
                }
                return q;
            }
            // a line break inside the quotes: LF, or a CR not followed by LF (the CR-only files of old Excel)
            if (c == '\n' || (c == '\r' && !(available(q + 1) && buffer[recordStart + q + 1] == '\n'))) {
                linesInside++;
            }
            q++;
        }
    }

    private static boolean isFieldEnd(byte c) {
        return c == ',' || c == '\n' || c == '\r';
    }

    private void addField(int start, int end, boolean hasDoubledQuotes) {
        if (fieldCount == starts.length) {
            growFields();
        }
        starts[fieldCount] = start;
        ends[fieldCount] = end;
        escaped[fieldCount] = hasDoubledQuotes;
        fieldCount++;
    }

    private void growFields() {
        starts = Arrays.copyOf(starts, starts.length * 2);
        ends = Arrays.copyOf(ends, ends.length * 2);
        escaped = Arrays.copyOf(escaped, escaped.length * 2);
    }

    /** Consumes one LF, CRLF or CR at {@code position}. */
    private void skipLineEnd() throws IOException {
        recordStart = position;
        if (buffer[position] == '\r') {
            position++;
            recordStart = position;
            if (available(0) && buffer[recordStart] == '\n') {
                position = recordStart + 1;
            } else {
                position = recordStart;
            }
        } else {
            position++;
        }
        nextLine++;
    }

    /**
     * Makes the byte at offset {@code rel} of the current record readable if the input has it,
     * moving the record to the front of the buffer (or growing the buffer) to read more.
     *
     * @return false if the input ends before that byte
     */
    private boolean available(int rel) throws IOException {
        while (recordStart + rel >= limit) {
            if (rel > maxRecordBytes) {
                throw tooLong();
            }
            if (endOfInput) {
                return false;
            }
            if (recordStart > 0) {
                System.arraycopy(buffer, recordStart, buffer, 0, limit - recordStart);
                bufferOffset += recordStart;
                limit -= recordStart;
                position -= recordStart;
                recordStart = 0;
            } else if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            fill();
        }
        return true;
    }

    private RecordTooLongException tooLong() {
        return new RecordTooLongException(Problem.atLine(recordLine, "the record starting on this line is longer than "
                + maxRecordBytes + " bytes, the limit for one record (a quote that is never closed makes one record"
                + " of the rest of the file)"));
    }

    /**
     * Thrown, as an {@link IOException} so that it crosses the readers' loops, when a record passes
     * the reader's length limit; {@link UploadedFile} turns it into a refusal.
     */
    static final class RecordTooLongException extends IOException {
        private final transient Problem problem;

        RecordTooLongException(Problem problem) {
            super(problem.describe());
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    private void fill() throws IOException {
        while (limit < buffer.length) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                endOfInput = true;
                return;
            }
            limit += n;
        }
    }
}
