package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The one counting stream that bounds every decompression, in the core and in the service. */
class LimitedInputStreamTests {

    @Test
    void exactlyTheLimitIsReadAndTheByteAfterItIsRefusedWithTheCallersFailure() throws IOException {
        try (InputStream in = limited(10, 10)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
        try (InputStream in = limited(11, 10)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessage("past 10");
        }
        try (InputStream in = limited(11, 10)) {
            assertThat(in.readNBytes(10)).hasSize(10);
            assertThatThrownBy(in::read).hasMessage("past 10");
        }
    }

    @Test
    void skippedBytesCountAsRead() throws IOException {
        try (InputStream in = limited(20, 10)) {
            in.skipNBytes(8);
            assertThatThrownBy(() -> in.readNBytes(3)).hasMessage("past 10");
        }
    }

    @Test
    void aNegativeLimitIsRefusedNamingIt() {
        assertThatThrownBy(() -> limited(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 0, was -1");
    }

    private static InputStream limited(int bytes, long limit) {
        return new LimitedInputStream(new ByteArrayInputStream(new byte[bytes]), limit,
                max -> new IOException("past " + max));
    }
}
