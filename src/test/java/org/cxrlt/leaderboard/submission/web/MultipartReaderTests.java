package org.cxrlt.leaderboard.submission.web;

import static org.cxrlt.leaderboard.support.Bytes.bytes;
import static org.cxrlt.leaderboard.support.Bytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tomcat.util.http.fileupload.MultipartStream.MalformedStreamException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileUploadIOException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MultipartReader} on bodies in memory: every part's name, file name and bytes as sent,
 * whatever the reads of the body return and wherever the buffer's refills split a delimiter;
 * near-matches of the delimiter are content; each malformed body and each limit refused with
 * Tomcat's exception for it.
 */
class MultipartReaderTests {

    private static final String BOUNDARY = "------------------------d41d8cd98f00b204";
    private static final int DELIMITER = BOUNDARY.length() + 4;

    /** Content that holds near-matches of the delimiter (CRLF--boundary). */
    private static final String NEAR = "--" + BOUNDARY + "\r\n" // at a part's start, without CRLF before it
            + "x\r\n--" + BOUNDARY.substring(0, 20) + "y" // cut short, other bytes after
            + "\n--" + BOUNDARY + "\r\n" // bare LF before it
            + "\r--" + BOUNDARY + "\n" // bare CR before it
            + "\r\n-" + BOUNDARY + "\r\n" // one dash
            + "\r\n--" + BOUNDARY.substring(1) + "\r\n" // without its first character
            + "\r\r\n\r\n-\r\n--\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "\r\n";

    record Read(String name, String fileName, String contentType, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    @Test
    void afterTheBodyFailedToArriveNoReadWaitsOnItAgainNotEvenClosingThePart() throws IOException {
        byte[] start = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\n"
                + "dicom_id,a\r\n");
        int[] reads = {0};
        InputStream silent = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (reads[0]++ == 0) {
                    System.arraycopy(start, 0, b, off, start.length);
                    return start.length;
                }
                throw new java.net.SocketTimeoutException("Read timed out"); // as the container's timeout
            }
        };
        MultipartReader reader = new MultipartReader(silent, bytes(BOUNDARY), StandardCharsets.UTF_8, -1, -1, 512);
        MultipartReader.Part part = reader.next();
        InputStream content = part.content();
        byte[] buffer = new byte[8192];
        assertThatThrownBy(() -> {
            while (content.read(buffer) >= 0) {
                // until the silence
            }
        }).isInstanceOf(java.net.SocketTimeoutException.class);
        int readsWhenItFailed = reads[0];

        assertThatThrownBy(content::close).isInstanceOf(IOException.class)
                .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
        assertThatThrownBy(reader::next).isInstanceOf(IOException.class);
        assertThat(reads[0]).isEqualTo(readsWhenItFailed);
    }

    @Test
    void everyPartIsReadAsSentWhereverTheReadsAndRefillsSplitTheBody() throws IOException {
        byte[] file = csv(300);
        byte[] body = body(part("description", null, "first"), part("file", "p.csv", file),
                part("file", "again.csv", bytes("the repeated file part")), part("empty", "empty.csv", new byte[0]),
                part("near", null, NEAR), part("description", null, "second"));
        List<Read> expected = List.of(new Read("description", null, null, bytes("first")),
                new Read("file", "p.csv", "text/csv", file), new Read("file", "again.csv", "text/csv",
                        bytes("the repeated file part")), new Read("empty", "empty.csv", "text/csv", new byte[0]),
                new Read("near", null, null, bytes(NEAR)), new Read("description", null, null, bytes("second")));

        for (int bufferSize : new int[] {DELIMITER + 1, DELIMITER + 2, DELIMITER + 7, 2 * DELIMITER + 3, 4096,
                MultipartReader.BUFFER}) {
            for (int chunk = 1; chunk <= DELIMITER + 3; chunk++) {
                List<Read> read = readAll(new Trickle(body, chunk), bufferSize, 1);
                assertThat(read).as("buffer %d, reads of %d", bufferSize, chunk)
                        .usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
            }
        }
    }

    @Test
    void aDelimiterIsFoundAtEveryOffsetOfItsRefill() throws IOException {
        // the file part's length varies, so that its delimiter starts at every offset of the buffer
        int bufferSize = DELIMITER + 5;
        for (int length = 0; length < 3 * bufferSize; length++) {
            byte[] file = new byte[length];
            java.util.Arrays.fill(file, (byte) '-');
            byte[] body = body(part("file", "p.csv", file), part("after", null, "x"));
            for (int chunk : new int[] {1, 3, DELIMITER - 1, DELIMITER, bufferSize}) {
                List<Read> read = readAll(new Trickle(body, chunk), bufferSize, 7);
                assertThat(read).extracting(Read::name).containsExactly("file", "after");
                assertThat(read.get(0).content()).as("length %d, reads of %d", length, chunk).isEqualTo(file);
            }
        }
    }

    @Test
    void aLargePartIsHandedOutInLargeChunks() throws IOException {
        byte[] file = csv(200_000);
        MultipartReader reader = reader(new ByteArrayInputStream(body(part("file", "p.csv", file))));
        InputStream content = reader.next().content();
        byte[] buffer = new byte[1 << 20];
        int largest = 0;
        int n;
        while ((n = content.read(buffer)) >= 0) {
            largest = Math.max(largest, n);
        }
        assertThat(largest).isGreaterThan(MultipartReader.BUFFER / 2);
    }

    @Test
    void aPreambleAndTransportPaddingAreReadPastAndABareLineFeedEndsADelimitersLine() throws IOException {
        byte[] body = bytes("a preamble\r\n--x\r\n\r\n--" + BOUNDARY + " \t\r\nContent-Disposition: form-data;"
                + " name=\"a\"\r\n\r\none\r\n--" + BOUNDARY + "\nContent-Disposition: form-data; name=\"b\"\r\n\r\ntwo"
                + "\r\n--" + BOUNDARY + "--\r\nan epilogue");

        List<Read> read = readAll(new ByteArrayInputStream(body), MultipartReader.BUFFER, 1);

        assertThat(read).extracting(Read::name, Read::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "one"), org.assertj.core.groups.Tuple.tuple("b", "two"));
    }

    @Test
    void headersAreReadAsTomcatReadsThem() throws IOException {
        byte[] body = bytes("--" + BOUNDARY + "\r\ncontent-disposition: form-data; name=\"file\";"
                + " filename*=UTF-8''r%C3%A9sultats.csv\r\nCONTENT-TYPE: text/csv\r\nX-Long: one\r\n two\r\n\r\nrows"
                + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: attachment; filename=\"unnamed.bin\"\r\n\r\nread past"
                + "\r\n--" + BOUNDARY + "\r\n\r\nno headers at all\r\n--" + BOUNDARY + "--");

        MultipartReader reader = reader(new ByteArrayInputStream(body));
        MultipartReader.Part part = reader.next();

        assertThat(part.name()).isEqualTo("file");
        assertThat(part.fileName()).isEqualTo("résultats.csv");
        assertThat(part.isFormField()).isFalse();
        assertThat(part.contentType()).isEqualTo("text/csv");
        assertThat(part.headers().getHeader("x-long")).isEqualTo("one two");
        assertThat(reader.next()).isNull(); // the parts without a name are read past
        assertThat(reader.bodyBytes()).isEqualTo(body.length);
    }

    @Test
    void aBodyWithoutADelimiterHasNoPart() throws IOException {
        assertThat(reader(new ByteArrayInputStream(bytes("--other\r\n\r\nx\r\n--other--"))).next()).isNull();
        assertThat(reader(new ByteArrayInputStream(new byte[0])).next()).isNull();
        // nor one whose first delimiter is malformed (Tomcat's parser reads it so)
        assertThat(reader(new ByteArrayInputStream(bytes("--" + BOUNDARY))).next()).isNull();
        assertThat(reader(new ByteArrayInputStream(bytes("--" + BOUNDARY + "XX\r\n\r\nx\r\n--" + BOUNDARY + "--")))
                .next()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut in the content",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncontent\r\n--B",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncontent\r\n--B-",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncontent\r\n--B\r",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncontent\r\n--B \t",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\ncontent\r\n--B--\r\n", // headers without their blank line
            "--B\r\nContent-Disposition: form-data; name=\"a\"",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncontent\r\n--BXX\r\n--B--", // other bytes after it
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncontent\r\n--B-X",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncontent\r\n--B \rX",
    })
    void aMalformedBodyIsRefused(String form) {
        byte[] body = bytes(form.replace("B", BOUNDARY));

        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body), MultipartReader.BUFFER, 1))
                .isInstanceOf(MalformedStreamException.class);
    }

    @Test
    void aFailureToReadTheBodyInAPartsContentIsThrownAsItIs() {
        byte[] start = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nsome content");
        InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(start), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new java.io.EOFException("the client went away");
            }
        });

        assertThatThrownBy(() -> readAll(failing, MultipartReader.BUFFER, 1)).isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void eachLimitIsRefusedWithTomcatsException() throws IOException {
        byte[] file = csv(10_000);
        byte[] body = body(part("file", "p.csv", file));
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(body), bytes(BOUNDARY),
                StandardCharsets.UTF_8, body.length - 1, -1, 512), 1))
                .isInstanceOf(FileUploadIOException.class).cause().isInstanceOf(SizeLimitExceededException.class);
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(body), bytes(BOUNDARY),
                StandardCharsets.UTF_8, -1, file.length - 1, 512), 1))
                .isInstanceOf(FileUploadIOException.class).cause().isInstanceOf(FileSizeLimitExceededException.class);
        assertThat(readAll(new MultipartReader(new ByteArrayInputStream(body), bytes(BOUNDARY),
                StandardCharsets.UTF_8, body.length, file.length, 512), 1)).hasSize(1);

        byte[] declared = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p\""
                + "\r\nContent-Length: 11\r\n\r\n0123456789\r\n--" + BOUNDARY + "--");
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(declared), bytes(BOUNDARY),
                StandardCharsets.UTF_8, -1, 10, 512), 1))
                .isInstanceOf(FileUploadIOException.class).cause().isInstanceOf(FileSizeLimitExceededException.class);

        byte[] longHeader = body(part("file", "p".repeat(600) + ".csv", file));
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(longHeader), bytes(BOUNDARY),
                StandardCharsets.UTF_8, -1, -1, 512), 1))
                .isInstanceOf(FileUploadIOException.class).cause().isInstanceOf(SizeLimitExceededException.class)
                .hasMessageStartingWith("Header section has more than 512 bytes");
    }

    @Test
    void aBoundaryHasOneToSeventyCharacters() {
        InputStream empty = new ByteArrayInputStream(new byte[0]);
        assertThatThrownBy(() -> new MultipartReader(empty, new byte[0], StandardCharsets.UTF_8, -1, -1, 512))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MultipartReader(empty, bytes("b".repeat(71)), StandardCharsets.UTF_8, -1, -1,
                512)).isInstanceOf(IllegalArgumentException.class);
        new MultipartReader(empty, bytes("b".repeat(70)), StandardCharsets.UTF_8, -1, -1, 512);
        new MultipartReader(empty, bytes("b"), StandardCharsets.UTF_8, -1, -1, 512);
    }

    @Test
    void theEpilogueIsReadToTheBodysEndWithinItsLimit() throws IOException {
        byte[] body = concat(body(part("a", null, "x")), bytes("e".repeat(100_000)));
        MultipartReader reader = reader(new ByteArrayInputStream(body));
        reader.next();
        assertThat(reader.next()).isNull();
        assertThat(reader.readToEnd(body.length)).isEqualTo(body.length);

        MultipartReader over = reader(new ByteArrayInputStream(body));
        over.next();
        over.next();
        assertThat(over.readToEnd(body.length - 1)).isEqualTo(-1);
    }

    /** Every part read, its content read through reads of {@code readSize} bytes (1: by {@code read()}). */
    private static List<Read> readAll(InputStream in, int bufferSize, int readSize) throws IOException {
        return readAll(new MultipartReader(in, bytes(BOUNDARY), StandardCharsets.UTF_8, -1, -1, 512, bufferSize),
                readSize);
    }

    private static List<Read> readAll(MultipartReader reader, int readSize) throws IOException {
        List<Read> read = new ArrayList<>();
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            InputStream in = part.content();
            if (readSize == 1) {
                int b;
                while ((b = in.read()) >= 0) {
                    content.write(b);
                }
            } else {
                byte[] buffer = new byte[readSize];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    content.write(buffer, 0, n);
                }
            }
            read.add(new Read(part.name(), part.fileName(), part.contentType(), content.toByteArray()));
        }
        return read;
    }

    private static MultipartReader reader(InputStream in) {
        return new MultipartReader(in, bytes(BOUNDARY), StandardCharsets.UTF_8, -1, -1, 512);
    }

    private static byte[] part(String name, String fileName, String content) {
        return part(name, fileName, bytes(content));
    }

    private static byte[] part(String name, String fileName, byte[] content) {
        return concat(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "\r\n" : "; filename=\"" + fileName + "\"\r\nContent-Type: text/csv\r\n")
                + "\r\n"), content, bytes("\r\n"));
    }

    private static byte[] body(byte[]... parts) {
        return concat(concat(parts), bytes("--" + BOUNDARY + "--\r\n"));
    }

    private static byte[] csv(int rows) {
        Random random = new Random(rows);
        StringBuilder out = new StringBuilder("study_id,a,b\r\n");
        for (int i = 0; i < rows; i++) {
            out.append(i).append(',').append(random.nextDouble()).append(',').append(random.nextDouble()).append("\r\n");
        }
        return bytes(out.toString());
    }

    /** A body whose reads return at most {@code chunk} bytes each. */
    private static final class Trickle extends InputStream {

        private final byte[] body;
        private final int chunk;
        private int at;

        Trickle(byte[] body, int chunk) {
            this.body = body;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at < body.length ? body[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == body.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), body.length - at);
            System.arraycopy(body, at, b, off, n);
            at += n;
            return n;
        }
    }
}
