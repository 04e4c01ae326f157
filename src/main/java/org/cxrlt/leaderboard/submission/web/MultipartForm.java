package org.cxrlt.leaderboard.submission.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadBase;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileUploadIOException;
import org.apache.tomcat.util.http.fileupload.impl.InvalidContentTypeException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.util.Streams;
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
 * <p>The parser is {@link MultipartReader}, hand-written for speed (its comment gives the
 * measurement), with Tomcat's header parsing and exceptions: the same limits (the upload size,
 * {@code server.tomcat.max-part-count}, {@code server.tomcat.max-part-header-size}) give the same
 * exceptions as the container's own parsing, which {@code MultipartRefusal} turns into the same
 * problem details. A request whose multipart body was resolved already (by a test's mock
 * request, or by code that read a parameter first) is read from the resolved parts instead.
 */
abstract class MultipartForm implements IncomingForm {

    /** The largest total of the form's fields, as Tomcat's {@code maxPostSize} bounds them (2 MB). */
    static final int MAX_FIELD_BYTES = 2 << 20;

    private static final String FILE = "file";
    /** Reads the boundary parameter of a Content-Type as the container does. */
    private static final FileUploadBase BOUNDARY = new FileUpload();
    private static final Pattern MULTIPART_MIXED = Pattern.compile("multipart/mixed", Pattern.CASE_INSENSITIVE);

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

    /** The body read as it arrives, with {@link MultipartReader}. */
    private static final class Streamed extends MultipartForm {

        private final HttpServletRequest request;
        private final int maxPartCount;
        private final int maxPartHeaderBytes;
        private final Charset charset;
        /** The first value of each field, as {@code getParameter} gives it. */
        private final Map<String, String> sent = new HashMap<>();
        private final long maxBodyBytes;
        private MultipartReader reader;
        private CountedBody body;
        private int fieldBytes;
        private boolean fileFound;

        Streamed(HttpServletRequest request, DataSize maxUploadSize, int maxPartCount, int maxPartHeaderBytes) {
            this.request = request;
            this.maxPartCount = maxPartCount;
            this.maxPartHeaderBytes = maxPartHeaderBytes;
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
        }

        @Override
        public FilePart file() throws IOException {
            try {
                MultipartReader.Part part;
                while ((part = next()) != null) {
                    if (part.isFormField() || !FILE.equals(part.name()) || fileFound) {
                        skipOrKeep(part);
                        continue;
                    }
                    fileFound = true;
                    Streams.checkFileName(part.fileName()); // the container refuses a NUL in a part's file name
                    String name = FileNames.ofPart(FILE, part.headers().getHeader("Content-Disposition"),
                            part.fileName());
                    return new FilePart(new Translated(part.content()), name, part.contentType(), -1);
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
                MultipartReader.Part part;
                while ((part = next()) != null) {
                    skipOrKeep(part);
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
         * Reads the body to its end after the closing delimiter (an epilogue is read past) and
         * compares its length with the declared one: a body that ends early is cut short.
         */
        private void wholeBody() throws IOException {
            long length;
            try {
                length = reader.readToEnd(maxBodyBytes);
            } catch (TooSlow e) {
                throw e;
            } catch (IOException e) {
                throw cutShort();
            }
            if (length < 0) {
                throw SubmissionException.tooLarge("The request body is larger than the limit of "
                        + Sizes.describe(DataSize.ofBytes(maxBodyBytes)) + ".");
            }
            long declared = request.getContentLengthLong();
            if (declared >= 0 && length != declared) {
                throw cutShort();
            }
        }

        private static InvalidRequestException cutShort() {
            return new InvalidRequestException("The request body was cut short before the end of its multipart form;"
                    + " nothing was stored. Send the upload again.");
        }

        private CountedBody body() throws IOException {
            if (body == null) {
                body = new CountedBody(request.getInputStream(), request.getContentLengthLong());
            }
            return body;
        }

        /** The next part; null after the closing delimiter (or in a body without any). */
        private MultipartReader.Part next() throws IOException, FileUploadException {
            if (reader == null) {
                reader = reader();
            }
            MultipartReader.Part part = reader.next();
            // as the container counts them in its own parsing (FileUploadBase.parseRequest), and
            // also the parts without a name, which it reads past uncounted
            if (maxPartCount >= 0 && reader.parts() > maxPartCount) {
                throw new FileCountLimitExceededException("attachment", maxPartCount);
            }
            if (part == null) {
                return null;
            }
            if (part.contentType() != null && MULTIPART_MIXED.matcher(part.contentType()).lookingAt()) {
                throw new InvalidRequestException("The part '" + part.name() + "' is multipart/mixed (several files in"
                        + " one field, which RFC 7578 deprecates): send the file in a part of its own named 'file'.");
            }
            return part;
        }

        /** The body's reader, after the checks Tomcat's parser makes first, with its exceptions. */
        private MultipartReader reader() throws IOException, FileUploadException {
            String contentType = request.getContentType();
            if (contentType == null || !contentType.toLowerCase(Locale.ENGLISH).startsWith(FileUploadBase.MULTIPART)) {
                throw new InvalidContentTypeException(String.format(
                        "the request doesn't contain a %s or %s stream, content type header is %s",
                        FileUploadBase.MULTIPART_FORM_DATA, FileUploadBase.MULTIPART_MIXED, contentType));
            }
            long declared = request.getContentLengthLong();
            if (declared > maxBodyBytes) {
                throw new SizeLimitExceededException(String.format(
                        "the request was rejected because its size (%s) exceeds the configured maximum (%s)",
                        declared, maxBodyBytes), declared, maxBodyBytes);
            }
            byte[] boundary = BOUNDARY.getBoundary(contentType);
            if (boundary == null) {
                throw new FileUploadException("the request was rejected because no multipart boundary was found");
            }
            try {
                return new MultipartReader(body(), boundary, charset, maxBodyBytes, maxBodyBytes, maxPartHeaderBytes);
            } catch (IllegalArgumentException e) {
                throw new InvalidContentTypeException(String.format(
                        "The boundary specified in the %s header is too long", FileUploadBase.CONTENT_TYPE), e);
            }
        }

        /** A field's first value is kept; a file part other than the upload's is read past. */
        private void skipOrKeep(MultipartReader.Part part) throws IOException {
            try (InputStream in = part.content()) {
                if (!part.isFormField()) {
                    Streams.checkFileName(part.fileName()); // the container refuses a NUL in any part's file name
                    return; // read past on closing
                }
                byte[] value = in.readNBytes(MAX_FIELD_BYTES - fieldBytes + 1);
                fieldBytes += value.length;
                if (fieldBytes > MAX_FIELD_BYTES) {
                    throw SubmissionException.tooLarge("The form's fields are larger than the limit of "
                            + Sizes.describe(DataSize.ofBytes(MAX_FIELD_BYTES)) + ".");
                }
                sent.putIfAbsent(part.name(), new String(value, charset));
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
     * The request's body as the parser reads it: while a deadline is set, no read that would
     * wait for the client begun after it ({@link IncomingForm.TooSlow}, remembered: the parser
     * may wrap it). A read of bytes the container holds already, or of the body's end once its
     * declared length has arrived, does not wait: refusing it would refuse an upload whose
     * bytes all came in time because its storing ended after the deadline (seen in
     * bench/uploads.sh's 20 uploads at once on the loaded machine, the file received within
     * the window, then the closing delimiter's read refused).
     */
    private static final class CountedBody extends InputStream {

        private final InputStream in;
        private final long declared;
        private long count;
        volatile long deadline = Long.MAX_VALUE;
        volatile boolean expired;

        CountedBody(InputStream in, long declared) {
            this.in = in;
            this.declared = declared;
        }

        private void check() throws IOException {
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0
                    && !(declared >= 0 && count >= declared) && in.available() <= 0) {
                expired = true;
                throw new TooSlow();
            }
        }

        @Override
        public int read() throws IOException {
            check();
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
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
