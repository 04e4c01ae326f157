package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.cxrlt.leaderboard.system.CompressedUpload.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockMultipartFile;

/**
 * What the service stores of a plain upload (zstd, or gzip where zstd's library does not load)
 * reads back through {@link Compression#decode} byte for byte, within the decompression limit;
 * a damaged or cut stored file fails to read instead of reading wrong bytes or waiting.
 */
class CompressedUploadTests {

    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    @AfterEach
    void libraryAsLoaded() {
        CompressedUpload.Zstd.choose(null);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, (128 << 10) - 1, 128 << 10, 3_000_001})
    void whatCompressingWritesDecodesToTheSameBytes(int length) throws IOException {
        byte[] csv = predictions(length, length);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();

        try (OutputStream out = CompressedUpload.compressing(stored)) {
            // in pieces of every size, as bytes arrive from a socket
            int[] pieces = {1, 7, 8192, 1, 70_000, 300_000, 131_072, 3};
            int at = 0;
            for (int i = 0; at < csv.length; i++) {
                int n = Math.min(pieces[i % pieces.length], csv.length - at);
                if (n == 1) {
                    out.write(csv[at]);
                } else {
                    out.write(csv, at, n);
                }
                at += n;
            }
        }

        assertThat(CompressedUpload.compressingAs()).isEqualTo(Compression.ZSTD);
        assertThat(Arrays.copyOf(stored.toByteArray(), 4)).isEqualTo(ZSTD_MAGIC);
        assertThat(decode(Compression.ZSTD, stored.toByteArray(), Long.MAX_VALUE)).isEqualTo(csv);
        if (length > 1000) {
            assertThat(stored.size()).as("decimals in zstd").isLessThan(length * 6 / 10);
        }
    }

    @Test
    void closingEndsTheCompressedStreamAndLeavesTheTargetOpen() throws IOException {
        Target target = new Target();
        byte[] first = predictions(5000, 1);
        try (OutputStream out = CompressedUpload.compressing(target)) {
            out.write(first);
        }
        int ended = target.size();
        assertThat(target.closed).isFalse();
        assertThat(target.flushed).isTrue();

        // the target takes more after it, as a COPY takes the rows after a file's last part
        byte[] second = predictions(3000, 2);
        try (OutputStream out = CompressedUpload.compressing(target)) {
            out.write(second);
        }
        assertThat(target.closed).isFalse();

        byte[] both = target.toByteArray();
        assertThat(decode(Compression.ZSTD, Arrays.copyOf(both, ended), Long.MAX_VALUE)).isEqualTo(first);
        assertThat(decode(Compression.ZSTD, Arrays.copyOfRange(both, ended, both.length), Long.MAX_VALUE))
                .isEqualTo(second);
    }

    @Test
    void aLargeInputRoundTripsWithoutBeingHeldWhole() throws Exception {
        // 64 MiB of predictions, compressed and decoded as streams: compared by digest
        long length = 64L << 20;
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        java.nio.file.Path stored = java.nio.file.Files.createTempFile("cxrlt-large-", ".zst");
        try {
            try (OutputStream file = java.nio.file.Files.newOutputStream(stored);
                 OutputStream out = CompressedUpload.compressing(file);
                 OutputStream digested = new DigestOutputStream(out, written)) {
                byte[] block = predictions(1 << 20, 7);
                for (long at = 0; at < length; at += block.length) {
                    block[0] = (byte) ('0' + (at >> 20) % 10); // no two blocks alike
                    digested.write(block);
                }
            }
            assertThat(java.nio.file.Files.size(stored)).isLessThan(length * 6 / 10);
            try (InputStream in = Compression.ZSTD.decode(java.nio.file.Files.newInputStream(stored), length)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    read.update(buffer, 0, n);
                    total += n;
                }
                assertThat(total).isEqualTo(length);
            }
            assertThat(read.digest()).isEqualTo(written.digest());
        } finally {
            java.nio.file.Files.delete(stored);
        }
    }

    @Test
    void anUploadIsStoredAsZstdAndACompressedOneAsItCame() throws IOException {
        byte[] csv = predictions(20_000, 3);
        try (CompressedUpload plain = CompressedUpload.streamed(multipart(csv), csv.length);
             CompressedUpload gzipped = CompressedUpload.streamed(multipart(gzip(csv)), gzip(csv).length)) {
            assertThat(plain.compression()).isEqualTo(Compression.ZSTD);
            assertThat(gzipped.compression()).isEqualTo(Compression.AS_UPLOADED);
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            plain.writeTo(stored);
            assertThat(decode(plain.compression(), stored.toByteArray(), csv.length)).isEqualTo(csv);
            // the same bytes from the temporary file that open() and length() compress into
            assertThat(decode(plain.compression(), plain.open().readAllBytes(), csv.length)).isEqualTo(csv);
            assertThat(plain.length()).isEqualTo(stored.size());
            assertThat(decode(gzipped.compression(), gzipped.open().readAllBytes(), 1)).isEqualTo(gzip(csv));
        }
    }

    @Test
    void withoutZstdsLibraryAnUploadIsStoredAsGzipAndReadsBack() throws IOException {
        CompressedUpload.Zstd.choose(false);
        byte[] csv = predictions(300_000, 4);

        assertThat(CompressedUpload.compressingAs()).isEqualTo(Compression.GZIP);
        ByteArrayOutputStream pushed = new ByteArrayOutputStream();
        try (OutputStream out = CompressedUpload.compressing(pushed)) {
            out.write(csv);
        }
        assertThat(pushed.toByteArray()[0] & 0xff).isEqualTo(0x1f);
        assertThat(decode(Compression.GZIP, pushed.toByteArray(), csv.length)).isEqualTo(csv);

        try (CompressedUpload upload = CompressedUpload.streamed(multipart(csv), csv.length)) {
            CompressedUpload.Zstd.choose(null); // what it chose at first stays what it writes and says
            assertThat(upload.compression()).isEqualTo(Compression.GZIP);
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            upload.writeTo(stored);
            assertThat(decode(upload.compression(), stored.toByteArray(), csv.length)).isEqualTo(csv);
            assertThat(stored.size()).as("Huffman coding of decimals").isLessThan(csv.length * 6 / 10);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP"})
    void decodingPastTheLimitFailsAndTheCoreIsToldItIsRefused(Compression compression) throws Exception {
        byte[] csv = predictions(10_000, 5);
        byte[] stored = compression == Compression.ZSTD ? zstd(csv) : gzip(csv);

        assertThat(decode(compression, stored, csv.length)).isEqualTo(csv);
        assertThatThrownBy(() -> decode(compression, stored, csv.length - 1))
                .isInstanceOf(CompressedUpload.TooLargeException.class)
                .hasMessage("the file is larger than " + (csv.length - 1) + " bytes once decompressed, the limit; "
                        + "refused as a possible decompression bomb");
        assertThatThrownBy(() -> compression.read(new ByteArrayInputStream(stored), new ReadLimits(csv.length - 1),
                InputStream::readAllBytes))
                .isInstanceOf(RefusedInputException.class)
                .hasMessageContaining("the file is larger than " + (csv.length - 1) + " bytes once decompressed");
        assertThat(compression.read(new ByteArrayInputStream(stored), new ReadLimits(csv.length),
                InputStream::readAllBytes)).isEqualTo(csv);
    }

    @Test
    void theCoreReadingAStoredFileBeyondTheLimitGetsARefusal() throws Exception {
        AnswerKey key = AnswerKey.read(new ByteArrayInputStream("dicom_id,A\nx,1\ny,0\n".getBytes(StandardCharsets.US_ASCII)),
                "dicom_id", List.of("A"), ReadLimits.DEFAULT);
        byte[] csv = "dicom_id,A\nx,0.75\ny,0.25\n".getBytes(StandardCharsets.US_ASCII);
        byte[] stored = zstd(csv);

        ReadLimits fits = new ReadLimits(csv.length);
        assertThat(Compression.ZSTD.read(new ByteArrayInputStream(stored), fits, in -> Submission.read(in, key, fits))
                .warnings()).isEmpty();
        ReadLimits small = new ReadLimits(csv.length - 1);
        assertThatThrownBy(() -> Compression.ZSTD.read(new ByteArrayInputStream(stored), small,
                in -> Submission.read(in, key, small)))
                .isInstanceOf(RefusedInputException.class)
                .hasMessageContaining("larger than " + (csv.length - 1) + " bytes once decompressed");
    }

    @Test
    void asUploadedIsTheStoredBytesThemselvesForTheCoreToRead() throws IOException {
        InputStream stored = new ByteArrayInputStream(gzip(predictions(100, 6)));
        assertThat(Compression.AS_UPLOADED.decode(stored, 1)).isSameAs(stored);
    }

    @Test
    void aDamagedOrCutZstdFileFailsToRead() throws IOException {
        byte[] csv = predictions(2_000_000, 8);
        byte[] stored = zstd(csv);

        byte[] damaged = stored.clone();
        for (int i = damaged.length / 2; i < damaged.length / 2 + 64; i++) {
            damaged[i] ^= 0x5a;
        }
        assertThatThrownBy(() -> decode(Compression.ZSTD, damaged, csv.length)).isInstanceOf(IOException.class);

        byte[] cut = Arrays.copyOf(stored, stored.length / 2);
        assertThatThrownBy(() -> decode(Compression.ZSTD, cut, csv.length)).isInstanceOf(IOException.class);

        byte[] notZstd = "dicom_id,Atelectasis\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> decode(Compression.ZSTD, notZstd, csv.length)).isInstanceOf(IOException.class);
    }

    @Test
    void aZstdFileCannotBeReadWithoutTheLibraryAndSaysWhy() {
        CompressedUpload.Zstd.choose(false);
        assertThatThrownBy(() -> Compression.ZSTD.decode(new ByteArrayInputStream(new byte[4]), 10))
                .isInstanceOf(IOException.class).hasMessageContaining("zstd's native library could not be loaded");
    }

    private static byte[] decode(Compression compression, byte[] stored, long maxBytes) throws IOException {
        try (InputStream in = compression.decode(new ByteArrayInputStream(stored), maxBytes)) {
            return in.readAllBytes();
        }
    }

    private static byte[] zstd(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zstd = CompressedUpload.compressing(out)) {
            zstd.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    private static MockMultipartFile multipart(byte[] content) {
        return new MockMultipartFile("file", "predictions.csv", "text/csv", content);
    }

    /** Rows of an id and random probabilities, about as compressible as a real submission. */
    private static byte[] predictions(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(length + 64);
        csv.append("dicom_id,Atelectasis,Cardiomegaly\n");
        while (csv.length() < length) {
            csv.append(Long.toHexString(random.nextLong())).append(',').append(random.nextDouble()).append(',')
                    .append(random.nextDouble()).append('\n');
        }
        return Arrays.copyOf(csv.toString().getBytes(StandardCharsets.US_ASCII), length);
    }

    /** A target that records whether it was flushed and closed. */
    private static final class Target extends ByteArrayOutputStream {
        boolean flushed;
        boolean closed;

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
