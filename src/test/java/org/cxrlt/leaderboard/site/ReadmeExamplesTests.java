package org.cxrlt.leaderboard.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows the example files as they are, so that what the tests run is what readers copy. */
class ReadmeExamplesTests {

    @Test
    void theReadmeShowsTheCorsExamplePageAsItIs() throws Exception {
        assertThat(Files.readString(Path.of("README.md")))
                .contains(Files.readString(Path.of("docs/examples/leaderboard-embed.html")));
    }
}
