package org.cxrlt.leaderboard.submission.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import org.apache.tomcat.util.http.fileupload.FileItemHeaders;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadBase;
import org.apache.tomcat.util.http.fileupload.MultipartStream.MalformedStreamException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileUploadIOException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;

/**
 * A multipart/form-data body (RFC 7578, framed as RFC 2046 section 5.1.1 says) read as a
 * stream, one part after the other: each part's headers, then its content as an
 * {@link InputStream} that hands out whole runs of the buffer.
 *
 * <p>Hand-written because the library's parser was the upload's bottleneck: Tomcat's
 * {@code MultipartStream} (the same code as Commons FileUpload's) reads through a 4 KiB buffer
 * and tests every byte of a part against the delimiter; parsing a 35 MB task-1 form from memory
 * took it 76.4 ms against 13.1 ms (5.8x) for this reader ({@code MultipartBenchmark}, JMH
 * medians of the same run, 2026-11-30, 2-core AMD EPYC VM, OpenJDK 17.0.15, load average 1),
 * and on the service that search was 0.21 of the request thread's 0.36 CPU-s per task-1 upload
 * (perf, idle machine). This reader fills a 64 KiB buffer and looks for
 * the whole delimiter ({@code CRLF--boundary}) with Boyer-Moore-Horspool: in a part's content
 * it compares one byte per delimiter length or so, not every byte. Everything that is not about
 * speed is Tomcat's, so that a form is read and refused as before: a part's headers are parsed,
 * and its field name and file name ({@code filename*} too) read, by Tomcat's
 * {@link FileUploadBase}; failures are Tomcat's exceptions, which the web edge already answers
 * ({@code MultipartRefusal}): a malformed body {@link MalformedStreamException}, the body over
 * its limit {@link SizeLimitExceededException}, a part's headers over theirs one whose message
 * begins "Header section", a part over its size {@link FileSizeLimitExceededException}, both
 * limits wrapped in {@link FileUploadIOException} to pass through {@code InputStream} reads.
 * Failures of the underlying stream (the client went away) are thrown as they are, except
 * while a delimiter's line or a part's headers are read, where Tomcat's parser too reports
 * them as a malformed body.
 *
 * <p>Framing: a preamble before the first delimiter is skipped (RFC 2046: the first delimiter
 * is at the body's start or after a CRLF); a body without any delimiter has no parts. After a
 * delimiter come transport padding (spaces and tabs) and CRLF (a bare LF too, as Tomcat
 * allows), or "--" for the closing delimiter, after which the reader stops (the caller reads
 * the epilogue). A part's headers end at the first CRLFCRLF, as Tomcat reads them (at most
 * {@code partHeaderSizeMax} bytes, counted from the byte after the delimiter's line); an empty
 * header section (CRLF right after the delimiter's line) is one. A part without a form-data
 * name is read past, as Tomcat does. Not thread-safe; one part at a time: {@link #next()}
 * reads past what is left of the part before.
 */
public final class MultipartReader {

    /** The size of the buffer the body is read through. */
    static final int BUFFER = 64 << 10;

    private static final FileUploadBase HEADERS = new FileUpload();
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final InputStream in;
    private final Charset headerCharset;
    private final long sizeMax;
    private final long fileSizeMax;
    private final int partHeaderSizeMax;
    /** {@code CRLF--boundary}: the delimiter a part's content ends at. */
    private final byte[] delimiter;
    /** Horspool's shift for each value of the byte under the window's last position. */
    private final int[] shift = new int[256];
    private final byte[] buffer;
    /** The buffer's unread bytes are {@code buffer[head, tail)}. */
    private int head;
    private int tail;
    /** No window starting before this (a buffer index) holds the delimiter. */
    private int searchFrom;
    /** Where the delimiter was found (a buffer index), -1 if not yet. */
    private int found = -1;
    private long bodyBytes;
    /** The parts whose headers were read, those without a form-data name (read past) included. */
    private int parts;
    /**
     * The underlying stream's failure, once it failed (the client went away, or fell silent
     * past the container's read timeout): every read after it fails at once, so that reading
     * past the rest of a part on close does not wait on the socket once more.
     */
    private IOException failed;
    private boolean ended;
    private Part current;

    /**
     * A reader of {@code in}, a multipart body with this boundary.
     *
     * @param boundary          the boundary parameter of the body's Content-Type, 1 to 70 bytes
     * @param headerCharset     the charset of the parts' headers
     * @param sizeMax           the most bytes read from {@code in}, -1 for no limit
     * @param fileSizeMax       the most bytes of one part's content, -1 for no limit
     * @param partHeaderSizeMax the most bytes of one part's headers, -1 for no limit
     * @throws IllegalArgumentException if the boundary is empty or longer than 70 bytes
     */
    public MultipartReader(InputStream in, byte[] boundary, Charset headerCharset, long sizeMax, long fileSizeMax,
                           int partHeaderSizeMax) {
        this(in, boundary, headerCharset, sizeMax, fileSizeMax, partHeaderSizeMax, BUFFER);
    }

    /** As the public constructor, through a buffer of {@code bufferSize} bytes (at least the delimiter's length + 1). */
    MultipartReader(InputStream in, byte[] boundary, Charset headerCharset, long sizeMax, long fileSizeMax,
                    int partHeaderSizeMax, int bufferSize) {
        if (boundary.length < 1 || boundary.length > 70) {
            throw new IllegalArgumentException("A multipart boundary has 1 to 70 characters (RFC 2046), not "
                    + boundary.length + ".");
        }
        this.in = in;
        this.headerCharset = headerCharset;
        this.sizeMax = sizeMax;
        this.fileSizeMax = fileSizeMax;
        this.partHeaderSizeMax = partHeaderSizeMax;
        delimiter = new byte[boundary.length + 4];
        delimiter[0] = CR;
        delimiter[1] = LF;
        delimiter[2] = '-';
        delimiter[3] = '-';
        System.arraycopy(boundary, 0, delimiter, 4, boundary.length);
        int m = delimiter.length;
        Arrays.fill(shift, m);
        for (int i = 0; i < m - 1; i++) {
            shift[delimiter[i] & 0xff] = m - 1 - i;
        }
        buffer = new byte[Math.max(bufferSize, m + 1)];
        // the body as if it began with CRLF: its first delimiter may be at its very start
        buffer[0] = CR;
        buffer[1] = LF;
        tail = 2;
    }

    /** The parts read so far, those without a form-data name, which {@link #next()} reads past, included. */
    int parts() {
        return parts;
    }

    /** The bytes read from the underlying stream so far. */
    long bodyBytes() {
        return bodyBytes;
    }

    /**
     * The next part, its content not read yet; null after the closing delimiter, if the body
     * has no delimiter at all (then it was read to its end), or if its first delimiter's line is
     * malformed (as Tomcat's parser reads it).
     *
     * @throws MalformedStreamException if the body ends inside a part (or its headers), or a
     *         later delimiter is followed by anything but padding and a line end or "--"
     */
    public Part next() throws IOException {
        if (ended) {
            return null;
        }
        boolean first = current == null;
        if (!first) {
            current.content.skipRest();
        } else if (!toFirstDelimiter()) {
            ended = true;
            return null;
        }
        while (true) {
            boolean more = afterDelimiter(first);
            first = false;
            if (!more) {
                ended = true;
                current = null;
                return null;
            }
            FileItemHeaders headers = HEADERS.getParsedHeaders(headers());
            parts++;
            String name = HEADERS.getFieldName(headers);
            if (name == null) {
                // no form-data name: read past, as Tomcat does
                new Content(-1).skipRest();
                continue;
            }
            long length = contentLength(headers);
            if (fileSizeMax >= 0 && length > fileSizeMax) {
                throw fileTooLarge(name, length);
            }
            current = new Part(name, HEADERS.getFileName(headers), headers.getHeader(FileUploadBase.CONTENT_TYPE),
                    headers, new Content(fileSizeMax));
            return current;
        }
    }

    /**
     * After the closing delimiter: reads and discards the rest of the body (its epilogue), at
     * most {@code limit} bytes of the body in all, each read through {@code read}.
     *
     * @return the body's length in bytes, or -1 once it passed {@code limit}
     */
    long readToEnd(long limit) throws IOException {
        head = tail;
        while (bodyBytes <= limit) {
            int n = read(buffer, 0, buffer.length);
            if (n < 0) {
                return bodyBytes;
            }
            bodyBytes += n;
        }
        return -1;
    }

    /** A part of the form. */
    public static final class Part {

        private final String name;
        private final String fileName;
        private final String contentType;
        private final FileItemHeaders headers;
        private final Content content;

        Part(String name, String fileName, String contentType, FileItemHeaders headers, Content content) {
            this.name = name;
            this.fileName = fileName;
            this.contentType = contentType;
            this.headers = headers;
            this.content = content;
        }

        /** The form-data name of the part's Content-Disposition. */
        public String name() {
            return name;
        }

        /** The raw file name of its Content-Disposition ({@code filename*} decoded), null if none: a form field. */
        public String fileName() {
            return fileName;
        }

        /** Whether it is a form field: a part without a file name. */
        public boolean isFormField() {
            return fileName == null;
        }

        /** Its Content-Type as sent, null if none. */
        public String contentType() {
            return contentType;
        }

        /** Its headers as sent (names in any case). */
        public FileItemHeaders headers() {
            return headers;
        }

        /** Its content: read it before the next part is asked for, or it is read past then. */
        public InputStream content() {
            return content;
        }
    }

    /** A part's content, up to the next delimiter. */
    private final class Content extends InputStream {

        private final long max;
        private long read;
        private boolean done;

        Content(long max) {
            this.max = max;
            searchFrom = head;
            found = -1;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = available(true);
            if (n <= 0) {
                return -1;
            }
            n = Math.min(n, len);
            System.arraycopy(buffer, head, b, off, n);
            head += n;
            counted(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int available = available(true);
            if (available <= 0 || n <= 0) {
                return 0;
            }
            // not counted against the part's limit: what is read past is not kept (nor was it by Tomcat)
            int skipped = (int) Math.min(available, n);
            head += skipped;
            return skipped;
        }

        @Override
        public int available() {
            try {
                return Math.max(0, available(false));
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public void close() throws IOException {
            skipRest();
        }

        void skipRest() throws IOException {
            while (skip(Long.MAX_VALUE) > 0) {
                // to the delimiter
            }
        }

        private void counted(int n) throws IOException {
            read += n;
            if (max >= 0 && read > max) {
                throw fileTooLarge(current == null ? null : current.name, read);
            }
        }

        /**
         * How many bytes of the content are in the buffer, certainly not part of a delimiter;
         * with {@code wait}, reads more of the body while none is; -1 once the content ended
         * (the delimiter then read past).
         */
        private int available(boolean wait) throws IOException {
            while (!done) {
                if (found < 0) {
                    search();
                }
                int end = found >= 0 ? found : Math.min(searchFrom, tail);
                if (end > head) {
                    return end - head;
                }
                if (found >= 0) {
                    head = found + delimiter.length;
                    found = -1;
                    done = true;
                    return -1;
                }
                if (!wait) {
                    return 0;
                }
                int before = head;
                if (!fill()) {
                    throw new MalformedStreamException("Stream ended unexpectedly");
                }
                searchFrom -= before - head;
            }
            return -1;
        }
    }

    /** Looks for the delimiter in the buffer from {@link #searchFrom} (Boyer-Moore-Horspool). */
    private void search() {
        byte[] d = delimiter;
        int m = d.length;
        byte last = d[m - 1];
        byte[] b = buffer;
        int s = Math.max(searchFrom, head);
        int limit = tail - m;
        while (s <= limit) {
            byte c = b[s + m - 1];
            if (c == last && Arrays.equals(b, s, s + m - 1, d, 0, m - 1)) {
                found = s;
                searchFrom = s;
                return;
            }
            s += shift[c & 0xff];
        }
        searchFrom = s;
    }

    /**
     * Moves the unread bytes to the buffer's start and reads more of the body after them.
     *
     * @return false at the body's end
     */
    private boolean fill() throws IOException {
        if (head > 0) {
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            head = 0;
        }
        int n = read(buffer, tail, buffer.length - tail);
        if (n < 0) {
            return false;
        }
        bodyBytes += n;
        if (sizeMax >= 0 && bodyBytes > sizeMax) {
            throw new FileUploadIOException(new SizeLimitExceededException(String.format(
                    "the request was rejected because its size (%s) exceeds the configured maximum (%s)",
                    bodyBytes, sizeMax), bodyBytes, sizeMax));
        }
        tail += n;
        return true;
    }

    /** Reads from the underlying stream, failing at once after it failed once ({@link #failed}). */
    private int read(byte[] into, int off, int len) throws IOException {
        if (failed != null) {
            throw new IOException("The request body could not be read further", failed);
        }
        try {
            return in.read(into, off, len);
        } catch (IOException e) {
            failed = e;
            throw e;
        }
    }

    /** Reads past the preamble to the end of the first delimiter; false if the body has none. */
    private boolean toFirstDelimiter() throws IOException {
        try {
            new Content(-1).skipRest();
            return true;
        } catch (MalformedStreamException e) {
            return false; // the body ended first
        }
    }

    /**
     * Reads what follows a delimiter: true if a part follows, false after the closing delimiter.
     * After the first delimiter, a malformed line is read as no part at all (false), as
     * Tomcat's parser reads it.
     */
    private boolean afterDelimiter(boolean first) throws IOException {
        if (first) {
            try {
                return afterDelimiter(false);
            } catch (MalformedStreamException e) {
                return false;
            }
        }
        byte b = readByte();
        if (b == '-') {
            if (readByte() == '-') {
                return false;
            }
            throw new MalformedStreamException("Unexpected characters follow a delimiter");
        }
        while (b == ' ' || b == '\t') {
            b = readByte();
        }
        if (b == LF || b == CR && readByte() == LF) {
            return true;
        }
        throw new MalformedStreamException("Unexpected characters follow a delimiter");
    }

    /** A part's header section, to its blank line, decoded. */
    private String headers() throws IOException {
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        int size = 0;
        int matched = 0; // of CRLFCRLF
        while (matched < 4) {
            byte b = readByte();
            size++;
            if (partHeaderSizeMax != -1 && size > partHeaderSizeMax) {
                throw new FileUploadIOException(new SizeLimitExceededException(String.format(
                        "Header section has more than %s bytes (maybe it is not properly terminated)",
                        partHeaderSizeMax), size, partHeaderSizeMax));
            }
            section.write(b);
            if (b == (matched % 2 == 0 ? CR : LF)) {
                matched++;
            } else {
                matched = b == CR ? 1 : 0;
            }
            if (matched == 2 && size == 2) {
                break; // no headers at all
            }
        }
        return section.toString(headerCharset);
    }

    /**
     * The next byte of a delimiter's line or a part's headers; the body's end, or a failure to
     * read it, is a malformed body there, as in Tomcat's parser.
     */
    private byte readByte() throws IOException {
        if (head == tail) {
            boolean more;
            try {
                more = fill();
            } catch (FileUploadIOException e) {
                throw e;
            } catch (IOException e) {
                throw new MalformedStreamException("Stream ended unexpectedly");
            }
            if (!more) {
                throw new MalformedStreamException("Stream ended unexpectedly");
            }
        }
        return buffer[head++];
    }

    private static long contentLength(FileItemHeaders headers) {
        try {
            return Long.parseLong(headers.getHeader(FileUploadBase.CONTENT_LENGTH));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private FileUploadIOException fileTooLarge(String name, long size) {
        FileSizeLimitExceededException e = new FileSizeLimitExceededException(String.format(
                "The field %s exceeds its maximum permitted size of %s bytes.", name, fileSizeMax), size, fileSizeMax);
        e.setFieldName(name);
        return new FileUploadIOException(e);
    }
}
