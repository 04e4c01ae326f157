package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunks compressed apart make one ordinary gzip member: it reads back byte for byte even with a
 * reader that would stop after a first member (GZIPInputStream reads a next member only when its
 * source says more bytes are available), for every length around the chunk boundaries.
 */
class ParallelGzipTests {

    private static final int CHUNK = ParallelGzip.CHUNK_BYTES;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 9 * CHUNK + 12_345})
    void readsBackAsOneGzipMember(int length) throws IOException {
        byte[] csv = predictions(length);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();

        ParallelGzip.compress(new ByteArrayInputStream(csv), gzip);

        try (InputStream in = new GZIPInputStream(new NothingAvailable(new ByteArrayInputStream(gzip.toByteArray())))) {
            assertThat(in.readAllBytes()).isEqualTo(csv);
        }
        if (length > 1000) {
            assertThat(gzip.size()).as("Huffman coding of decimals").isLessThan(length * 6 / 10);
        }
    }

    /** Lines of random decimals, as predictions are, cut at {@code length} bytes. */
    private static byte[] predictions(int length) {
        Random random = new Random(length);
        StringBuilder text = new StringBuilder(length + 100);
        while (text.length() < length) {
            text.append("id").append(random.nextInt(1_000_000));
            for (int i = 0; i < 8; i++) {
                text.append(',').append(random.nextDouble());
            }
            text.append('\n');
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    /** A source that never says that more is available without blocking. */
    private static final class NothingAvailable extends FilterInputStream {
        NothingAvailable(InputStream in) {
            super(in);
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
