package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** How many uploads store at once: as configured, or one per processor, at least 2 and at most 4, by default. */
class UploadSettingsTests {

    @Test
    void byDefaultUploadsStoreOnePerProcessorBetweenTwoAndFourAtOnce() {
        int processors = Runtime.getRuntime().availableProcessors();
        assertThat(settings(0).concurrentStores()).isEqualTo(Math.min(4, Math.max(2, processors)));
        assertThat(settings(-3).concurrentStores()).isEqualTo(Math.min(4, Math.max(2, processors)));
    }

    @Test
    void aConfiguredNumberOfStoresIsKept() {
        assertThat(settings(1).concurrentStores()).isEqualTo(1);
        assertThat(settings(7).concurrentStores()).isEqualTo(7);
    }

    private static UploadSettings settings(int concurrentStores) {
        return new UploadSettings(DataSize.ofMegabytes(200), DataSize.ofMegabytes(1), concurrentStores,
                Duration.ofSeconds(5));
    }
}
