package org.cxrlt.leaderboard.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.springframework.util.unit.DataSize;

/**
 * The first bound an upload meets, before the evaluation core reads its header: the first CSV
 * record (after any blank lines; a quoted line end does not end it) must end within
 * {@code cxrlt.submissions.max-header-size}, and begin within as many bytes (blank lines before it
 * are skipped, but no more than that many). It reads the decompressed CSV a buffer at a time
 * and keeps nothing but a count, so that a small gzip or zip holding one line of hundreds of
 * megabytes is refused in a request thread without the heap ever holding it.
 *
 * <p>Best effort on what it cannot open as a stream (a zip this reader does not understand): it
 * lets the file through to the core, which reads it with limits of its own.
 */
public final class HeaderLength {

    private static final int BUFFER = 1 << 16;

    private HeaderLength() {
    }

    /**
     * @throws RefusedFileException (422) if the first record does not end within {@code max}
     */
    public static void check(InputStream raw, DataSize max) throws IOException {
        InputStream csv = csvOf(new BufferedInputStream(raw, BUFFER));
        if (csv == null) {
            return;
        }
        long limit = max.toBytes();
        byte[] buffer = new byte[BUFFER];
        long length = 0;
        long blank = 0;
        boolean quoted = false;
        int n;
        try {
            while ((n = csv.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '"') {
                        quoted = !quoted; // a doubled quote toggles twice
                    } else if ((b == '\n' || b == '\r') && !quoted) {
                        if (length > 0) {
                            return; // the header ends here
                        }
                        // a blank line before it, skipped as the core skips it, but only so many:
                        // a small gzip of a gigabyte of line ends is refused after reading `max`
                        if (++blank > limit) {
                            String problem = "no header line within the first " + limit + " bytes: the file starts"
                                    + " with more than " + limit + " blank lines; the header (dicom_id and the"
                                    + " labels) must be the first line";
                            throw new RefusedFileException("The file was refused: " + problem + ".",
                                    List.of(problem));
                        }
                        continue;
                    }
                    if (++length > limit) {
                        String problem = "the header (the first line) is longer than " + Sizes.describe(max)
                                + " without ending; a header of dicom_id and the labels is a few hundred bytes";
                        throw new RefusedFileException("The file was refused: " + problem + ".", List.of(problem));
                    }
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            // A broken gzip or zip: the core's check says what is wrong with it.
        }
    }

    /** The decompressed CSV, or null if it cannot be told here. */
    private static InputStream csvOf(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            try {
                return new GZIPInputStream(in, BUFFER);
            } catch (ZipException | java.io.EOFException e) {
                return null;
            }
        }
        if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return firstCsvEntry(new ZipInputStream(in));
        }
        return in;
    }

    private static InputStream firstCsvEntry(ZipInputStream zip) throws IOException {
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName().replace('\\', '/');
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (!entry.isDirectory() && base.toLowerCase(Locale.ROOT).endsWith(".csv") && !base.startsWith("._")
                        && !name.startsWith("__MACOSX/")) {
                    return zip;
                }
            }
            return null;
        } catch (ZipException | IllegalArgumentException | java.io.EOFException e) {
            return null; // e.g. STORED entries with a data descriptor: left to the core
        }
    }
}
