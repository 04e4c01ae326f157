package org.cxrlt.leaderboard.submission;

import java.io.IOException;
import java.io.InputStream;

/**
 * A submission's multipart form as it arrives, read once from the start: the fields before the
 * file part, the file part's bytes, then the fields after it. The web edge reads the body;
 * {@link Submissions#enqueue(org.cxrlt.leaderboard.challenge.PhaseRef, long, long, String, IncomingForm)} decides what is done with
 * the bytes as they come.
 */
public interface IncomingForm {

    /**
     * Reads the form up to its file part (in the part named {@code file}) and returns it; its
     * content must be read to its end before {@link #rest()} is called.
     *
     * @throws SubmissionException (400) if the form ends without such a part
     */
    FilePart file() throws IOException;

    /**
     * Reads the rest of the form after the file part: the form's fields, from anywhere in it,
     * then the body to its end.
     *
     * @throws org.cxrlt.leaderboard.system.InvalidRequestException (400) if the body was cut short:
     *         it ended before its declared length, or the connection failed before its end
     */
    default Fields rest() throws IOException {
        return rest(Long.MAX_VALUE);
    }

    /**
     * {@link #rest()}, with the body's reads bounded by a deadline.
     *
     * @param deadlineNanos a {@link System#nanoTime()} after which no more of the body is read;
     *                      {@link Long#MAX_VALUE} for none
     * @throws TooSlow if more of the body was still needed after the deadline; the form cannot
     *         be read on after it
     */
    Fields rest(long deadlineNanos) throws IOException;

    /** The rest of a form was still arriving after its deadline ({@link #rest(long)}). */
    final class TooSlow extends IOException {
        public TooSlow() {
            super("the rest of the form was still arriving after its deadline");
        }
    }

    /**
     * The file part.
     *
     * @param content     its bytes as they arrive; failures of the body (cut short, over a
     *                    limit) are thrown as the web edge's own unchecked exceptions
     * @param fileName    the safe file name ({@code FileNames.safe}), null if none was sent
     * @param contentType as sent, null if none
     * @param knownSize   its length in bytes where it is known before it is read, else -1
     */
    record FilePart(InputStream content, String fileName, String contentType, long knownSize) {
    }

    /**
     * The form's fields that a submission keeps.
     *
     * @param description null if none was sent
     * @param factSheet   the method's fact sheet as sent (empty fields are null)
     */
    record Fields(String description, FactSheet factSheet) {
    }
}
