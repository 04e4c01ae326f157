package org.cxrlt.leaderboard.evaluation;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.UnsupportedZipFeatureException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Opens the CSV inside an uploaded file, whatever its kind: plain CSV, gzip, or a zip holding
 * exactly one {@code .csv} anywhere inside (other entries, like a {@code code/} folder, are
 * ignored), or a single file of another name and no {@code .csv} (read with a warning). The kind is told from the first bytes, not the file name, because participants
 * rename files. Decompressed bytes are counted against {@link ReadLimits#maxUncompressedBytes()}.
 *
 * <p>A zip is read through its central directory (the list of entries at its end), with
 * {@link ZipFile}, as {@code unzip} and Python's {@code zipfile} read it: a zip streamed in
 * order, as {@link java.util.zip.ZipInputStream} reads it, cannot find the end of a STORED entry
 * written with a data descriptor (what {@code zip -0 -} and Python writing to a pipe produce).
 * So a zip needs the whole file: one given as a stream is first copied to a temporary file.
 * Entries of methods the JDK does not decompress (bzip2, Deflate64, XZ) are read with Commons
 * Compress; other methods (LZMA, Zstandard, PPMd) are refused naming the method.
 */
final class UploadedFile {

    /** What to do with the CSV once found. */
    interface CsvHandler<T> {
        T read(InputStream csv) throws IOException, RefusedInputException;
    }

    /**
     * What to do with a file that is plain CSV (not compressed), read in place rather than as a
     * stream; {@code csv} reads the same bytes from the start.
     */
    interface PlainFileHandler<T> {
        T read(Path file, InputStream csv) throws IOException, RefusedInputException;
    }

    private static final int SNIFF_BYTES = 4096;

    /**
     * Entry names without the zip's UTF-8 flag are in the zip specification's default code page,
     * IBM 437, as Windows' built-in zip writes them. Every byte maps to a character in it, so
     * such names always decode (and can be turned back into their bytes, see {@link #entryName}).
     */
    private static final class ZipDefaultCharset {
        // in a holder: loading the extended charsets costs start-up time that only zips need
        static final Charset IBM437 = Charset.forName("IBM437");
    }

    /**
     * How much larger than the decompression limit a zip given as a stream may be when copied to
     * a temporary file: its headers and central directory, and entries stored without compression.
     */
    private static final long ZIP_OVERHEAD_ALLOWED = 1 << 20;

    private UploadedFile() {
    }

    static <T> T readCsv(InputStream raw, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        try {
            return open(raw, null, limits, handler, null);
        } catch (RefusedWhileReading e) {
            throw new RefusedInputException(e.problem());
        } catch (CsvReader.RecordTooLongException e) {
            throw new RefusedInputException(e.problem());
        }
    }

    static <T> T readCsv(Path file, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        return readCsv(file, limits, handler, null);
    }

    /**
     * {@link #readCsv(Path, ReadLimits, CsvHandler)}, giving a plain CSV file to {@code plain}
     * (if not null) rather than to {@code handler}, so that it can read the file in place.
     */
    static <T> T readCsv(Path file, ReadLimits limits, CsvHandler<T> handler, PlainFileHandler<T> plain)
            throws IOException, RefusedInputException {
        try (InputStream raw = Files.newInputStream(file)) {
            return open(raw, file, limits, handler, plain);
        } catch (RefusedWhileReading e) {
            throw new RefusedInputException(e.problem());
        } catch (CsvReader.RecordTooLongException e) {
            throw new RefusedInputException(e.problem());
        }
    }

    /**
     * @param file  the file {@code raw} reads, or null if it is only a stream
     * @param plain what reads {@code file} if it is plain CSV, or null for {@code handler}
     */
    private static <T> T open(InputStream raw, Path file, ReadLimits limits, CsvHandler<T> handler,
                              PlainFileHandler<T> plain) throws IOException, RefusedInputException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        byte[] head = peek(in, SNIFF_BYTES);
        if (head.length == 0) {
            throw new RefusedInputException(Problem.ofFile("the file is empty"));
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return readGzip(in, limits, handler);
        }
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6) || startsWith(head, 'P', 'K', 7, 8)) {
            if (file != null) {
                return readZip(file, limits, handler);
            }
            Path copy = limits.temporaryDirectory() == null ? Files.createTempFile("cxrlt-upload-", ".zip")
                    : Files.createTempFile(limits.temporaryDirectory(), "upload-", ".zip");
            try {
                copyAtMost(in, copy, limits.maxUncompressedBytes() + ZIP_OVERHEAD_ALLOWED);
                return readZip(copy, limits, handler);
            } finally {
                Files.deleteIfExists(copy);
            }
        }
        refuseIfNotText(head);
        return plain != null ? plain.read(file, in) : handler.read(in);
    }

    private static <T> T readGzip(InputStream in, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        // decompressed on a thread of its own while the CSV is parsed
        try (InputStream csv = ReadAheadInputStream.of(
                limited(new GZIPInputStream(in, 1 << 16), limits, "gzip file"))) {
            return handler.read(textStream(csv, "the gzip file holds an empty file"));
        } catch (EOFException e) {
            throw new RefusedInputException(Problem.ofFile("the gzip file ends before its compressed data does: it is"
                    + " truncated" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")));
        } catch (ZipException e) {
            throw new RefusedInputException(Problem.ofFile(
                    "the file starts like gzip but its compressed data is damaged (" + e.getMessage() + ")"));
        }
    }

    private static void copyAtMost(InputStream in, Path target, long limit) throws IOException {
        // WRITE alone, not truncating the new empty file: on ext4 a file opened with O_TRUNC
        // starts being written to disk as soon as it is closed (auto_da_alloc), which this copy,
        // removed once read, does not need
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
            byte[] chunk = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(chunk)) >= 0) {
                total += n;
                if (total > limit) {
                    throw new RefusedWhileReading(Problem.ofFile("the zip file is larger than " + limit
                            + " bytes, the limit for a zip (the decompression limit and "
                            + ZIP_OVERHEAD_ALLOWED + " bytes for its headers)"));
                }
                out.write(chunk, 0, n);
            }
        }
    }

    private static <T> T readZip(Path file, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile(), ZipDefaultCharset.IBM437);
        } catch (ZipException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("bad compression method")) {
                // bzip2, Deflate64, LZMA...: the JDK reads only STORED and DEFLATED entries
                return readZipOfOtherMethods(file, limits, handler);
            }
            throw new RefusedInputException(Problem.ofFile(why.contains("END header not found")
                    ? "the file starts like a zip but has no list of its files at its end: it is truncated"
                            + " (or not a complete zip)"
                    : "the file starts like a zip but its list of files is damaged (" + why + ")"));
        }
        try (zip) {
            List<Listed<ZipEntry>> listed = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                listed.add(new Listed<>(entryName(entry.getName()), entry.isDirectory(), entry.getSize(), entry));
            }
            Listed<ZipEntry> csvEntry = chooseCsv(listed, limits);
            String csvName = csvEntry.name();
            try (InputStream csv = ReadAheadInputStream.of(limited(
                    crcChecked(zip.getInputStream(csvEntry.entry()), csvEntry.entry().getCrc()), limits, "zip file"))) {
                return handler.read(textStream(csv, "\"" + csvName + "\" in the zip is empty", csvEntry.note()));
            } catch (EOFException e) {
                throw new RefusedInputException(Problem.ofFile("\"" + csvName
                        + "\" in the zip ends before its compressed data does: the zip is damaged (" + e.getMessage() + ")"));
            } catch (ZipException e) {
                String why = String.valueOf(e.getMessage());
                throw new RefusedInputException(Problem.ofFile(why.contains("encrypted")
                        ? "\"" + csvName + "\" in the zip is encrypted; zip it again without a password"
                        : "\"" + csvName + "\" in the zip cannot be decompressed: the zip is damaged (" + why + ")"));
            }
        }
    }

    /**
     * A zip with an entry that the JDK cannot decompress, read with Commons Compress, which reads
     * bzip2 (12), Deflate64 (9), XZ (95), Implode and Shrink besides STORED and DEFLATED, through
     * the central directory as {@link ZipFile} does. The same rules choose the CSV.
     */
    private static <T> T readZipOfOtherMethods(Path file, ReadLimits limits, CsvHandler<T> handler)
            throws IOException, RefusedInputException {
        org.apache.commons.compress.archivers.zip.ZipFile zip;
        try {
            zip = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file)
                    .setCharset(ZipDefaultCharset.IBM437).setUseUnicodeExtraFields(true).get();
        } catch (IOException e) {
            throw new RefusedInputException(Problem.ofFile(
                    "the file starts like a zip but its list of files is damaged (" + e.getMessage() + ")"));
        }
        try (zip) {
            List<Listed<ZipArchiveEntry>> listed = new ArrayList<>();
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                listed.add(new Listed<>(entryName(entry.getName()), entry.isDirectory(), entry.getSize(), entry));
            }
            Listed<ZipArchiveEntry> csvEntry = chooseCsv(listed, limits);
            String csvName = csvEntry.name();
            ZipArchiveEntry entry = csvEntry.entry();
            if (entry.getGeneralPurposeBit().usesEncryption()) {
                throw new RefusedInputException(Problem.ofFile(
                        "\"" + csvName + "\" in the zip is encrypted; zip it again without a password"));
            }
            if (!READ_METHODS.contains(entry.getMethod()) || !zip.canReadEntryData(entry)) {
                throw new RefusedInputException(Problem.ofFile(unsupportedMethod(csvName, entry.getMethod())));
            }
            try (InputStream csv = ReadAheadInputStream.of(
                    limited(crcChecked(zip.getInputStream(entry), entry.getCrc()), limits, "zip file"))) {
                return handler.read(textStream(csv, "\"" + csvName + "\" in the zip is empty", csvEntry.note()));
            } catch (RefusedWhileReading | CsvReader.RecordTooLongException e) {
                throw e;
            } catch (UnsupportedZipFeatureException e) {
                throw new RefusedInputException(Problem.ofFile(unsupportedMethod(csvName, entry.getMethod())));
            } catch (IOException e) {
                // the decompressors report damaged data as plain IOExceptions (e.g. a CRC error)
                throw new RefusedInputException(Problem.ofFile("\"" + csvName
                        + "\" in the zip cannot be decompressed: the zip is damaged (" + e.getMessage() + ")"));
            }
        }
    }

    /**
     * The methods read: STORED, Shrink, Implode, DEFLATED, Deflate64, bzip2 and XZ (whose library is
     * on the class path). Zstandard is left out: Commons Compress needs a native library for it.
     */
    private static final java.util.Set<Integer> READ_METHODS = java.util.Set.of(0, 1, 6, 8, 9, 12, 95);

    /** The refusal of an entry compressed with a method that is not read here, naming it and the fix. */
    static String unsupportedMethod(String entryName, int method) {
        String name = switch (method) {
            case 14 -> "LZMA";
            case 93 -> "Zstandard";
            case 98 -> "PPMd";
            case 99 -> "AES encryption";
            case 97 -> "WavPack";
            case 96 -> "JPEG";
            case 19 -> "IBM LZ77";
            case 18 -> "IBM TERSE";
            case 10 -> "PKWARE DCL Implode";
            default -> "method " + method;
        };
        return "\"" + entryName + "\" in the zip is compressed with " + name + " (zip method " + method
                + "), which is not supported; save the zip with Deflate (the default of zip tools)";
    }

    /** An entry of a zip's central directory, with its name as its writer meant it. */
    private record Listed<E>(String name, boolean directory, long size, E entry, String note) {
        Listed(String name, boolean directory, long size, E entry) {
            this(name, directory, size, entry, null);
        }
    }

    /**
     * The one CSV of a zip: exactly one {@code .csv} entry (ignoring folders, macOS's shadows and
     * other files), the sizes the directory declares summed against the decompression limit. A zip
     * without a {@code .csv} whose only file (besides folders and shadows) has another name is
     * read from that file, with a note for a warning.
     */
    private static <E> Listed<E> chooseCsv(List<Listed<E>> entries, ReadLimits limits) throws RefusedInputException {
        Listed<E> csvEntry = null;
        List<String> otherEntries = new ArrayList<>();
        long declaredSize = 0;
        for (Listed<E> entry : entries) {
            String name = entry.name();
            if (entry.directory()) {
                continue;
            }
            // Only the CSV is decompressed (and counted as it is), but the rule is that the
            // whole zip expands within the limit: the sizes its directory declares are summed.
            declaredSize += Math.max(0, entry.size());
            if (declaredSize > limits.maxUncompressedBytes()) {
                throw new RefusedInputException(Problem.ofFile("the zip file expands to more than "
                        + limits.maxUncompressedBytes() + " bytes, the limit; refused as a possible decompression bomb"));
            }
            if (!isCsv(name)) {
                otherEntries.add(name);
                continue;
            }
            if (csvEntry != null) {
                throw new RefusedInputException(Problem.ofFile("the zip holds more than one .csv file: \""
                        + csvEntry.name() + "\" and \"" + name + "\"; keep exactly one"));
            }
            csvEntry = entry;
        }
        if (csvEntry == null) {
            List<Listed<E>> files = entries.stream().filter(e -> !e.directory() && !isMacShadow(e.name())).toList();
            if (files.size() == 1) {
                // e.g. "-", what `cat x.csv | zip - -` names data read from a pipe: the only file is the CSV
                Listed<E> only = files.get(0);
                return new Listed<>(only.name(), false, only.size(), only.entry(), "the zip holds no .csv file;"
                        + " its only file, \"" + only.name() + "\", was read as the CSV");
            }
            String seen = otherEntries.isEmpty() ? "it holds no files"
                    : "it holds " + String.join(", ", otherEntries.stream().limit(10).map(n -> "\"" + n + "\"").toList())
                    + (otherEntries.size() > 10 ? " and " + (otherEntries.size() - 10) + " more" : "");
            throw new RefusedInputException(Problem.ofFile("the zip holds no .csv file: " + seen));
        }
        return csvEntry;
    }

    private static boolean isMacShadow(String entryName) {
        String name = entryName.replace('\\', '/');
        return name.startsWith("__MACOSX/") || name.substring(name.lastIndexOf('/') + 1).startsWith("._");
    }

    /**
     * The entry's name as its writer meant it. Names without the UTF-8 flag were decoded as IBM
     * 437; many tools (macOS, Info-ZIP) write UTF-8 without setting the flag, so when the same
     * bytes are valid UTF-8 they are read as UTF-8.
     */
    static String entryName(String decoded) {
        CharsetEncoder back = ZipDefaultCharset.IBM437.newEncoder();
        if (!back.canEncode(decoded)) {
            return decoded; // decoded as UTF-8 already (the flag was set)
        }
        try {
            ByteBuffer bytes = back.encode(CharBuffer.wrap(decoded));
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return decoded;
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
        return textStream(csv, whenEmpty, null);
    }

    private static BufferedInputStream textStream(InputStream csv, String whenEmpty, String note)
            throws IOException, RefusedInputException {
        BufferedInputStream buffered = new CsvStream(csv, note);
        byte[] head = peek(buffered, SNIFF_BYTES);
        if (head.length == 0) {
            throw new RefusedInputException(Problem.ofFile(whenEmpty));
        }
        refuseIfNotText(head);
        return buffered;
    }

    /** The decompressed CSV, with what a warning should say about how it was found (or null). */
    private static final class CsvStream extends BufferedInputStream {
        final String note;

        CsvStream(InputStream in, String note) {
            super(in, 1 << 16);
            this.note = note;
        }
    }

    /** What a warning should say about how {@code csv}, handed to a {@link CsvHandler}, was found; or null. */
    static String noteOf(InputStream csv) {
        return csv instanceof CsvStream stream ? stream.note : null;
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

    /**
     * A zip entry's bytes, checked at their end against the CRC-32 the zip lists for them
     * ({@code expectedCrc}, or -1 if it lists none), as {@code unzip} and Python's {@code zipfile}
     * check them: {@link ZipFile} checks nothing, so a STORED entry with damaged bytes (or a
     * DEFLATED one whose damage still inflates) would be read as it is.
     *
     * @throws ZipException from the read that reaches the end, if the CRC-32 differs
     */
    private static InputStream crcChecked(InputStream in, long expectedCrc) {
        if (expectedCrc < 0) {
            return in;
        }
        return new java.util.zip.CheckedInputStream(in, new java.util.zip.CRC32()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    check();
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int n = super.read(bytes, offset, length);
                if (n < 0) {
                    check();
                }
                return n;
            }

            private void check() throws ZipException {
                long crc = getChecksum().getValue();
                if (crc != expectedCrc) {
                    throw new ZipException(String.format("its CRC-32 is %08x where the zip lists %08x", crc, expectedCrc));
                }
            }
        };
    }

    /** {@code in}, refused once it expands past the decompression limit. */
    private static InputStream limited(InputStream in, ReadLimits limits, String kind) {
        return new LimitedInputStream(in, limits.maxUncompressedBytes(), limit -> new RefusedWhileReading(
                Problem.ofFile("the " + kind + " expands to more than " + limit
                        + " bytes, the limit; refused as a possible decompression bomb")));
    }

    /**
     * A refusal found inside a read (the decompression limit passed), thrown as an
     * {@link IOException} so that it crosses the CSV reader; turned into a refusal by
     * {@link #readCsv}.
     */
    static final class RefusedWhileReading extends IOException {
        private final transient Problem problem;

        RefusedWhileReading(Problem problem) {
            super(problem.describe());
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }
}
