package org.cxrlt.leaderboard.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.junit.jupiter.api.Test;

/**
 * A compressing target handed to {@link HandOff} is freed however the upload ends: a compressor
 * neither closed nor aborted keeps zstd's memory outside the heap for good.
 */
class HandOffTests {

    private static byte[] csv(int bytes) {
        byte[] data = new byte[bytes];
        Arrays.fill(data, (byte) '7');
        return data;
    }

    @Test
    void anAbandonedUploadFreesItsCompressorWithoutWritingMoreToTheTarget() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CompressedUpload.Compressing compressing = CompressedUpload.compressing(sent);
        HandOff handOff = new HandOff(compressing);
        handOff.write(csv(300_000));

        handOff.abandon();
        int sentWhenAbandoned = sent.size();

        assertThatThrownBy(() -> compressing.write(csv(10))).isInstanceOf(IOException.class);
        assertThat(sent.size()).as("nothing written to the target once given up").isEqualTo(sentWhenAbandoned);
    }

    @Test
    void aTargetThatFailsFreesItsCompressorAndTheFailureReachesTheReader() throws IOException {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("the database went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("the database went away");
            }
        };
        CompressedUpload.Compressing compressing = CompressedUpload.compressing(failing);
        HandOff handOff = new HandOff(compressing);

        // the reader meets the failure at its next write, or at the latest when closing
        assertThatThrownBy(() -> {
            handOff.write(csv(2_000_000));
            handOff.close();
        }).isInstanceOf(IOException.class).hasMessage("the database went away");
        assertThatThrownBy(() -> compressing.write(csv(10))).isInstanceOf(IOException.class);
    }

    @Test
    void aCompleteUploadIsClosedOnceAndReadsBackWhole() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CompressedUpload.Compressing compressing = CompressedUpload.compressing(sent);
        HandOff handOff = new HandOff(compressing);
        byte[] data = csv(500_000);
        handOff.write(data);
        handOff.close();

        try (var in = CompressedUpload.compressingAs().decode(new java.io.ByteArrayInputStream(sent.toByteArray()),
                Long.MAX_VALUE)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }
}
