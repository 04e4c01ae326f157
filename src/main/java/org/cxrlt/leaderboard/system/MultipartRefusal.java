package org.cxrlt.leaderboard.system;

import java.util.Locale;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.InvalidContentTypeException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Why a multipart body could not be read, told from the container's exception: 413 naming the
 * limit that was hit (the number of parts, the size of a part's headers, the upload size), else
 * 400 saying what is wrong with the body. Spring reports every limit of the container as "the
 * upload is too large"; this tells them apart.
 *
 * @param logged one line for the log, without the body's content
 */
record MultipartRefusal(HttpStatus status, String detail, String logged) {

    static MultipartRefusal of(Throwable e, DataSize maxUploadSize) {
        FileCountLimitExceededException parts = ProblemDetailsAdvice.causeOf(e, FileCountLimitExceededException.class);
        if (parts != null) {
            return new MultipartRefusal(HttpStatus.CONTENT_TOO_LARGE, "The request has more parts than the limit of "
                    + parts.getLimit() + " (server.tomcat.max-part-count).", "too many parts");
        }
        SizeLimitExceededException size = ProblemDetailsAdvice.causeOf(e, SizeLimitExceededException.class);
        if (size != null && size.getMessage() != null && size.getMessage().startsWith("Header section")) {
            return new MultipartRefusal(HttpStatus.CONTENT_TOO_LARGE, "The headers of a part are longer than the limit "
                    + "of " + size.getPermittedSize() + " bytes (server.tomcat.max-part-header-size).", "part headers too long");
        }
        if (size != null || ProblemDetailsAdvice.causeOf(e, FileSizeLimitExceededException.class) != null
                || e instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
            return new MultipartRefusal(HttpStatus.CONTENT_TOO_LARGE, "The file is larger than the limit of "
                    + Sizes.describe(maxUploadSize) + ".", "upload over the size limit");
        }
        if (ProblemDetailsAdvice.causeOf(e, InvalidContentTypeException.class) != null || mentions(e, "boundary")) {
            return bad("The request is not multipart/form-data with a boundary: send the Content-Type "
                    + "'multipart/form-data; boundary=...' that matches the body.", "no multipart boundary");
        }
        if (ProblemDetailsAdvice.causeOf(e, MultipartStream.MalformedStreamException.class) != null
                || ProblemDetailsAdvice.causeOf(e, java.io.EOFException.class) != null) {
            return bad("The multipart body is malformed or cut short: it ends before its closing boundary "
                    + "(is its Content-Length right?).", "truncated or malformed multipart body");
        }
        if (ProblemDetailsAdvice.causeOf(e, org.apache.tomcat.util.http.fileupload.InvalidFileNameException.class)
                != null) {
            return bad("The file name of a part contains a NUL character.", "NUL in a part's file name");
        }
        IllegalArgumentException header = ProblemDetailsAdvice.causeOf(e, IllegalArgumentException.class);
        if (header != null && header.getMessage() != null
                && header.getMessage().toLowerCase(Locale.ROOT).contains("content-disposition")) {
            return bad("A part's Content-Disposition header cannot be read (a file name with an unescaped quote or "
                    + "a control character?).", "unreadable Content-Disposition of a part");
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return bad("The multipart body cannot be read: it is not well-formed multipart/form-data.",
                "unreadable multipart body (" + root.getClass().getSimpleName() + ")");
    }

    private static boolean mentions(Throwable e, String word) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static MultipartRefusal bad(String detail, String logged) {
        return new MultipartRefusal(HttpStatus.BAD_REQUEST, detail, logged);
    }
}
