package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Read ahead, a stream gives the same bytes in the same order, then the same end or the same
 * failure, whatever the sizes of the reads; closed early, it stops and closes the stream.
 */
class ReadAheadInputStreamTests {

    @Test
    void givesTheSameBytesWhateverTheReadSizes() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int size : new int[] {0, 1, 1000, ReadAheadInputStream.BLOCK_BYTES - 1, ReadAheadInputStream.BLOCK_BYTES,
            ReadAheadInputStream.BLOCK_BYTES * 5 + 17}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data))) {
                byte[] chunk = new byte[1 + random.nextInt(100_000)];
                int n;
                while ((n = in.read(chunk, 0, 1 + random.nextInt(chunk.length))) >= 0) {
                    copy.write(chunk, 0, n);
                    int one = in.read();
                    if (one < 0) {
                        break;
                    }
                    copy.write(one);
                }
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(copy.toByteArray()).as(size + " bytes").isEqualTo(data);
        }
    }

    @Test
    void throwsTheStreamsFailureAfterTheBytesBeforeIt() throws IOException {
        IOException failure = new IOException("damaged");
        byte[] data = new byte[ReadAheadInputStream.BLOCK_BYTES + 1000];
        new SplittableRandom(8).nextBytes(data);
        InputStream failing = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position == data.length) {
                    throw failure;
                }
                return data[position++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position == data.length) {
                    throw failure;
                }
                int n = Math.min(len, Math.min(4096, data.length - position));
                System.arraycopy(data, position, b, off, n);
                position += n;
                return n;
            }
        };
        try (InputStream in = new ReadAheadInputStream(failing)) {
            byte[] read = in.readNBytes(data.length);
            assertThat(read).isEqualTo(data);
            assertThat(catchThrowable(in::read)).isSameAs(failure);
        }
    }

    @Test
    void closedEarlyItStopsAndClosesTheStream() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        InputStream in = new ReadAheadInputStream(endless);
        assertThat(in.read()).isEqualTo('x');
        in.close();
        assertThat(closed).isTrue();
        assertThat(catchThrowable(in::read)).isInstanceOf(IOException.class);
    }
}
