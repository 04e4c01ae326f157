package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTests {

    @Test
    void onlyTheBaseNameInSafeCharactersIsKept() {
        assertThat(FileNames.safe("predictions.csv.gz")).isEqualTo("predictions.csv.gz");
        assertThat(FileNames.safe("C:\\Users\\ada\\run 1 (final).csv")).isEqualTo("run_1_final_.csv");
        assertThat(FileNames.safe("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.safe(".hidden")).isEqualTo("hidden");
        assertThat(FileNames.safe("a\"b\r\nContent-Type: x.csv")).isEqualTo("a_b_Content-Type_x.csv");
        assertThat(FileNames.safe("予測.csv")).isEqualTo("_.csv");
    }

    @Test
    void nothingSafeLeftIsNoName() {
        assertThat(FileNames.safe(null)).isNull();
        assertThat(FileNames.safe("")).isNull();
        assertThat(FileNames.safe("..")).isNull();
        assertThat(FileNames.safe("dir/")).isNull();
        assertThat(FileNames.safeOr("\u0000", "submission-7")).isEqualTo("submission-7");
    }

    @Test
    void aLongNameKeepsItsEnd() {
        String name = FileNames.safe("p".repeat(500) + ".csv.gz");
        assertThat(name).hasSize(FileNames.MAX_LENGTH).endsWith("p.csv.gz");
    }
}
