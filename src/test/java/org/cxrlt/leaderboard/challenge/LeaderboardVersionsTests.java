package org.cxrlt.leaderboard.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A leaderboard is invalidated in one place; what each change does to it is tested where the change is. */
class LeaderboardVersionsTests {

    @Test
    void onlyLeaderboardVersionsWritesTheLeaderboardVersion() throws IOException {
        Pattern write = Pattern.compile("(insert\\s+into|update)\\s+leaderboard_version\\b", Pattern.CASE_INSENSITIVE);
        List<String> writers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (write.matcher(Files.readString(file)).find()) {
                    writers.add(file.getFileName().toString());
                }
            }
        }
        assertThat(writers).containsExactly("LeaderboardVersions.java");
    }
}
