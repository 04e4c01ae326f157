package org.cxrlt.leaderboard.submission.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileUploadIOException;
import org.apache.tomcat.util.http.fileupload.servlet.ServletRequestContext;
import org.cxrlt.leaderboard.submission.FactSheet;
import org.cxrlt.leaderboard.submission.IncomingForm;
import org.cxrlt.leaderboard.submission.SubmissionException;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.cxrlt.leaderboard.system.FileNames;
import org.cxrlt.leaderboard.system.InvalidRequestException;
import org.cxrlt.leaderboard.system.Sizes;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.AbstractMultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * A submission's multipart form read as a stream, once, from the request's body: the file part
 * is handed over as it arrives instead of being spooled to a temporary file first, as the
 * servlet container's own multipart parsing does (about 0.2 s for a 34.8 MB task-1 file on the
 * 2-core VM, before anything else could start).
 *
 * <p>The parser is Tomcat's own streaming one ({@link FileUpload#getItemIterator}), the code the
 * container parses every other multipart request with: the same limits (the upload size,
 * {@code server.tomcat.max-part-count}, {@code server.tomcat.max-part-header-size}) give the same
 * exceptions, which {@code MultipartRefusal} already turns into the same problem details, and no
 * library is added. A request whose multipart body was resolved already (by a test's mock
 * request, or by code that read a parameter first) is read from the resolved parts instead.
 */
abstract class MultipartForm implements IncomingForm {

    /** The largest total of the form's fields, as Tomcat's {@code maxPostSize} bounds them (2 MB). */
    static final int MAX_FIELD_BYTES = 2 << 20;

    private static final String FILE = "file";

    /**
     * The form of {@code request}.
     *
     * @param maxUploadSize      the upload limit (the body's and the file's)
     * @param maxPartCount       {@code server.tomcat.max-part-count}
     * @param maxPartHeaderBytes {@code server.tomcat.max-part-header-size}
     */
    static MultipartForm of(HttpServletRequest request, DataSize maxUploadSize, int maxPartCount,
                            int maxPartHeaderBytes) {
        // under the wrappers of the filters (security's), where Spring's multipart request is
        MultipartHttpServletRequest resolved = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (resolved != null && !(resolved instanceof AbstractMultipartHttpServletRequest lazy && !lazy.isResolved())) {
            return new Resolved(resolved);
        }
        return new Streamed(request, maxUploadSize, maxPartCount, maxPartHeaderBytes);
    }

    static Fields fields(Map<String, String> sent) {
        return new Fields(DisplayNames.text("description", sent.get("description"), Integer.MAX_VALUE),
                FactSheet.of(sent.get("methodName"), sent.get("methodDescription"), sent.get("codeUrl"),
                        sent.get("paperUrl")));
    }

    static SubmissionException noFile() {
        return SubmissionException.invalid("The upload needs the file in a multipart part named 'file'.");
    }

    /** A body the container or a test resolved already. */
    private static final class Resolved extends MultipartForm {

        private final MultipartHttpServletRequest request;

        Resolved(MultipartHttpServletRequest request) {
            this.request = request;
        }

        @Override
        public FilePart file() throws IOException {
            MultipartFile file = request.getFile(FILE);
            if (file == null) {
                throw noFile();
            }
            return new FilePart(file.getInputStream(), FileNames.ofPart(request, FILE, file.getOriginalFilename()),
                    file.getContentType(), file.getSize());
        }

        @Override
        public Fields rest(long deadlineNanos) {
            Map<String, String> sent = new HashMap<>();
            for (String name : new String[] {"description", "methodName", "methodDescription", "codeUrl", "paperUrl"}) {
                sent.put(name, request.getParameter(name));
            }
            return fields(sent);
        }
    }

    /** The body read as it arrives, with Tomcat's streaming parser. */
    private static final class Streamed extends MultipartForm {

        private final HttpServletRequest request;
        private final int maxPartCount;
        private final FileUpload upload = new FileUpload();
        private final Charset charset;
        /** The first value of each field, as {@code getParameter} gives it. */
        private final Map<String, String> sent = new HashMap<>();
        private final long maxBodyBytes;
        private FileItemIterator items;
        private CountedBody body;
        private int parts;
        private int fieldBytes;
        private boolean fileFound;

        Streamed(HttpServletRequest request, DataSize maxUploadSize, int maxPartCount, int maxPartHeaderBytes) {
            this.request = request;
            this.maxPartCount = maxPartCount;
            this.maxBodyBytes = maxUploadSize.toBytes();
            Charset known = StandardCharsets.UTF_8;
            try {
                if (request.getCharacterEncoding() != null) {
                    known = Charset.forName(request.getCharacterEncoding());
                }
            } catch (IllegalArgumentException e) {
                // an unknown charset: UTF-8, as the service's encoding
            }
            this.charset = known;
            upload.setSizeMax(maxUploadSize.toBytes());
            upload.setFileSizeMax(maxUploadSize.toBytes());
            upload.setPartHeaderSizeMax(maxPartHeaderBytes);
            upload.setHeaderEncoding(charset.name());
        }

        @Override
        public FilePart file() throws IOException {
            try {
                FileItemStream item;
                while ((item = next()) != null) {
                    if (item.isFormField() || !FILE.equals(item.getFieldName()) || fileFound) {
                        skipOrKeep(item);
                        continue;
                    }
                    fileFound = true;
                    String disposition = item.getHeaders() == null ? null
                            : item.getHeaders().getHeader("Content-Disposition");
                    String name = FileNames.ofPart(FILE, disposition, item.getName());
                    return new FilePart(new Translated(item.openStream()), name, item.getContentType(), -1);
                }
            } catch (IOException | RuntimeException e) {
                throw translated(e);
            }
            throw noFile();
        }

        @Override
        public Fields rest(long deadlineNanos) throws IOException {
            body().deadline = deadlineNanos;
            try {
                FileItemStream item;
                while ((item = next()) != null) {
                    skipOrKeep(item);
                }
                wholeBody();
            } catch (IOException | RuntimeException e) {
                if (body().expired) {
                    throw new TooSlow();
                }
                throw translated(e);
            } finally {
                body().deadline = Long.MAX_VALUE;
            }
            return fields(sent);
        }

        /**
         * Makes sure the body arrived whole: the parser ends a form quietly on a closing
         * delimiter cut short, so the body is read to its end (an epilogue is read past) and its
         * length compared with the declared one.
         */
        private void wholeBody() throws IOException {
            CountedBody in = body();
            try {
                byte[] buffer = new byte[8192];
                while (in.read(buffer, 0, buffer.length) >= 0) {
                    if (in.count > maxBodyBytes) {
                        throw SubmissionException.tooLarge("The request body is larger than the limit of "
                                + Sizes.describe(DataSize.ofBytes(maxBodyBytes)) + ".");
                    }
                }
            } catch (TooSlow e) {
                throw e;
            } catch (IOException e) {
                throw cutShort();
            }
            long declared = request.getContentLengthLong();
            if (declared >= 0 && in.count != declared) {
                throw cutShort();
            }
            closed(in.last());
        }

        /**
         * Refuses (400) a form whose last delimiter is not its closing one ({@code --boundary--}):
         * Tomcat's parser ends a form quietly on a malformed one ({@code --boundary} alone or
         * followed by other bytes). It is looked for in the body's last bytes, an epilogue after
         * it being allowed as long as they hold it.
         */
        private void closed(byte[] last) {
            byte[] boundary = upload.getBoundary(request.getContentType());
            if (boundary == null) {
                return; // the parser refused the form already
            }
            byte[] delimiter = new byte[boundary.length + 2];
            delimiter[0] = '-';
            delimiter[1] = '-';
            System.arraycopy(boundary, 0, delimiter, 2, boundary.length);
            for (int at = last.length - delimiter.length; at >= 0; at--) {
                if (java.util.Arrays.equals(last, at, at + delimiter.length, delimiter, 0, delimiter.length)) {
                    int end = at + delimiter.length;
                    if (end + 2 <= last.length && last[end] == '-' && last[end + 1] == '-') {
                        return;
                    }
                    break;
                }
            }
            throw new InvalidRequestException("The multipart form does not end with its closing delimiter ('--"
                    + new String(boundary, StandardCharsets.ISO_8859_1) + "--'); nothing was stored.");
        }

        private static InvalidRequestException cutShort() {
            return new InvalidRequestException("The request body was cut short before the end of its multipart form;"
                    + " nothing was stored. Send the upload again.");
        }

        private CountedBody body() throws IOException {
            if (body == null) {
                body = new CountedBody(request.getInputStream());
            }
            return body;
        }

        private FileItemStream next() throws FileUploadException, IOException {
            if (items == null) {
                CountedBody in = body();
                items = upload.getItemIterator(new ServletRequestContext(request) {
                    @Override
                    public InputStream getInputStream() {
                        return in;
                    }
                });
            }
            if (!items.hasNext()) {
                return null;
            }
            FileItemStream item = items.next();
            // as the container counts them in its own parsing (FileUploadBase.parseRequest)
            if (maxPartCount >= 0 && ++parts > maxPartCount) {
                throw new FileCountLimitExceededException("attachment", maxPartCount);
            }
            return item;
        }

        /** A field's first value is kept; a file part other than the upload's is read past. */
        private void skipOrKeep(FileItemStream item) throws IOException {
            try (InputStream in = item.openStream()) {
                if (!item.isFormField()) {
                    item.getName(); // the container refuses a NUL in any part's file name
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    return;
                }
                byte[] value = in.readNBytes(MAX_FIELD_BYTES - fieldBytes + 1);
                fieldBytes += value.length;
                if (fieldBytes > MAX_FIELD_BYTES) {
                    throw SubmissionException.tooLarge("The form's fields are larger than the limit of "
                            + Sizes.describe(DataSize.ofBytes(MAX_FIELD_BYTES)) + ".");
                }
                sent.putIfAbsent(item.getFieldName(), new String(value, charset));
            }
        }
    }

    /**
     * The failures of a body as the web edge answers them: the parser's (a limit, a malformed
     * body) as the container's multipart failures are answered; any other failure to read (the
     * client went away, or cut the body short) as the container answers that: 400.
     */
    static RuntimeException translated(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileUploadException || cause instanceof FileUploadIOException
                    || cause instanceof MultipartStream.MalformedStreamException
                    || cause instanceof org.apache.tomcat.util.http.fileupload.InvalidFileNameException) {
                return new MultipartException("Failed to parse the multipart body", e);
            }
        }
        if (e instanceof RuntimeException runtime && !(e instanceof java.io.UncheckedIOException)) {
            return runtime;
        }
        return new InvalidRequestException("The request could not be read.");
    }

    /**
     * The request's body as the parser reads it: its bytes counted and, while a deadline is set,
     * no read begun after it ({@link IncomingForm.TooSlow}, remembered: the parser may wrap it).
     */
    private static final class CountedBody extends InputStream {

        /** How many of the body's last bytes are kept: its closing delimiter and any short epilogue. */
        private static final int LAST = 8192;

        private final InputStream in;
        private final byte[] last = new byte[LAST];
        long count;
        volatile long deadline = Long.MAX_VALUE;
        volatile boolean expired;

        CountedBody(InputStream in) {
            this.in = in;
        }

        private void check() throws TooSlow {
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                expired = true;
                throw new TooSlow();
            }
        }

        @Override
        public int read() throws IOException {
            check();
            int b = in.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = in.read(b, off, len);
            if (n > 0) {
                keep(b, off, n);
            }
            return n;
        }

        private void keep(byte[] b, int off, int n) {
            int kept = (int) Math.min(count, LAST);
            if (n >= LAST) {
                System.arraycopy(b, off + n - LAST, last, 0, LAST);
            } else {
                int stays = Math.min(kept, LAST - n);
                System.arraycopy(last, kept - stays, last, 0, stays);
                System.arraycopy(b, off, last, stays, n);
            }
            count += n;
        }

        /** The body's last bytes read (up to {@link #LAST}). */
        byte[] last() {
            return java.util.Arrays.copyOf(last, (int) Math.min(count, LAST));
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The file part's bytes, its failures translated ({@link #translated}). */
    private static final class Translated extends InputStream {

        private final InputStream in;

        Translated(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw translated(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw translated(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (IOException e) {
                throw translated(e);
            }
        }
    }
}
