package org.cxrlt.leaderboard.evaluation;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Opens the CSV inside an uploaded file, whatever its kind: plain CSV, gzip, or a zip holding
 * exactly one {@code .csv} anywhere inside (other entries, like a {@code code/} folder, are
 * ignored). The kind is told from the first bytes, not the file name, because participants
 * rename files. Decompressed bytes are counted against {@link ReadLimits#maxUncompressedBytes()}.
 */
final class UploadedFile {

    /** What to do with the CSV once found. */
    interface CsvHandler<T> {
        T read(InputStream csv) throws IOException, RefusedInputException;
    }

    private static final int SNIFF_BYTES = 4096;

    private UploadedFile() {
    }

    static <T> T readCsv(InputStream raw, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        try {
            return open(raw, limits, handler);
        } catch (DecompressionLimitException e) {
            throw new RefusedInputException(Problem.ofFile(e.getMessage()));
        }
    }

    private static <T> T open(InputStream raw, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        byte[] head = peek(in, SNIFF_BYTES);
        if (head.length == 0) {
            throw new RefusedInputException(Problem.ofFile("the file is empty"));
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return readGzip(in, limits, handler);
        }
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) {
            return readZip(in, limits, handler);
        }
        refuseIfNotText(head);
        return handler.read(in);
    }

    private static <T> T readGzip(InputStream in, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        try (InputStream csv = new LimitedInputStream(new GZIPInputStream(in, 1 << 16), limits, "gzip file")) {
            return handler.read(textStream(csv, "the gzip file holds an empty file"));
        } catch (ZipException | EOFException e) {
            throw new RefusedInputException(Problem.ofFile(
                    "the file starts like gzip but cannot be decompressed (" + e.getMessage() + "); is it truncated?"));
        }
    }

    private static <T> T readZip(InputStream in, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            LimitedInputStream counted = new LimitedInputStream(zip, limits, "zip file");
            String csvName = null;
            T result = null;
            List<String> otherEntries = new ArrayList<>();
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!isCsv(name)) {
                    otherEntries.add(name);
                    drain(counted);
                    continue;
                }
                if (csvName != null) {
                    throw new RefusedInputException(Problem.ofFile("the zip holds more than one .csv file: \""
                            + csvName + "\" and \"" + name + "\"; keep exactly one"));
                }
                csvName = name;
                result = handler.read(textStream(new EntryStream(counted), "\"" + name + "\" in the zip is empty"));
                drain(counted);
            }
            if (csvName == null) {
                String seen = otherEntries.isEmpty() ? "it holds no files"
                        : "it holds " + String.join(", ", otherEntries.stream().limit(10).map(n -> "\"" + n + "\"").toList())
                        + (otherEntries.size() > 10 ? " and " + (otherEntries.size() - 10) + " more" : "");
                throw new RefusedInputException(Problem.ofFile("the zip holds no .csv file: " + seen));
            }
            return result;
        } catch (ZipException | EOFException e) {
            throw new RefusedInputException(Problem.ofFile(
                    "the file starts like a zip but cannot be read (" + e.getMessage() + "); is it truncated?"));
        } catch (IllegalArgumentException e) {
            // ZipInputStream's answer to entry names that are not UTF-8
            throw new RefusedInputException(Problem.ofFile(
                    "the zip's file names are not UTF-8 (" + e.getMessage() + "); zip it again with UTF-8 names"));
        }
    }

    /** A {@code .csv} entry, not macOS's resource-fork shadow of one ({@code __MACOSX/}, {@code ._name.csv}). */
    private static boolean isCsv(String entryName) {
        String name = entryName.replace('\\', '/');
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.toLowerCase(Locale.ROOT).endsWith(".csv") && !base.startsWith("._")
                && !name.startsWith("__MACOSX/");
    }

    /** The decompressed CSV, buffered, once its first bytes show it is text; refused if empty or not text. */
    private static BufferedInputStream textStream(InputStream csv, String whenEmpty)
            throws IOException, RefusedInputException {
        BufferedInputStream buffered = new BufferedInputStream(csv, 1 << 16);
        byte[] head = peek(buffered, SNIFF_BYTES);
        if (head.length == 0) {
            throw new RefusedInputException(Problem.ofFile(whenEmpty));
        }
        refuseIfNotText(head);
        return buffered;
    }

    private static void refuseIfNotText(byte[] head) throws RefusedInputException {
        if (startsWith(head, 0xFF, 0xFE) || startsWith(head, 0xFE, 0xFF)) {
            throw new RefusedInputException(Problem.ofFile(
                    "the file is UTF-16 text; save it as UTF-8 CSV (in Excel: \"CSV UTF-8\")"));
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw new RefusedInputException(Problem.ofFile("the file is an Excel workbook, not CSV; export it as CSV"));
        }
        for (byte b : head) {
            if (b == 0) {
                throw new RefusedInputException(Problem.ofFile(
                        "the file is not text (it contains NUL bytes); expected CSV, gzip or zip"));
            }
        }
    }

    private static byte[] peek(BufferedInputStream in, int count) throws IOException {
        in.mark(count);
        byte[] head = in.readNBytes(count);
        in.reset();
        return head;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[1 << 14];
        while (in.read(sink) >= 0) {
            // counted and discarded
        }
    }

    /** Counts decompressed bytes and refuses the file once they pass the limit. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private final String kind;
        private long count;

        LimitedInputStream(InputStream in, ReadLimits limits, String kind) {
            super(in);
            this.limit = limits.maxUncompressedBytes();
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                throw new DecompressionLimitException("the " + kind + " expands to more than " + limit
                        + " bytes, the limit; refused as a possible decompression bomb");
            }
        }
    }

    /** One zip entry as a stream that does not close the zip. */
    private static final class EntryStream extends FilterInputStream {
        EntryStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the zip stream stays open for the next entry
        }
    }

    /**
     * Thrown from inside a read when the limit is passed, as an {@link IOException} so it can
     * cross the CSV reader; turned into a refusal by the readers.
     */
    static final class DecompressionLimitException extends IOException {
        DecompressionLimitException(String message) {
            super(message);
        }
    }
}
