package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvExportTests {

    @ParameterizedTest
    @ValueSource(strings = {"=SUM(A1)", "+1d", "-0x1p3", "@cmd", "\tTab", "\rReturn"})
    void aTextCellThatASpreadsheetWouldTakeForAFormulaGetsALeadingApostrophe(String cell) {
        assertThat(CsvExport.text(cell)).isEqualTo("'" + cell);
        String csv = CsvExport.write(List.of("team"), List.of(List.of(cell)));
        assertThat(csv).startsWith("team\r\n").doesNotContain("\r\n" + cell.charAt(0));
    }

    @Test
    void otherCellsAreWrittenAsTheyAre() {
        assertThat(CsvExport.text("Team Ada")).isEqualTo("Team Ada");
        assertThat(CsvExport.text("")).isEmpty();
        assertThat(CsvExport.text(null)).isNull();
        String csv = CsvExport.write(List.of("id", "team", "score", "at", "none"),
                List.of(Arrays.asList(-1L, "a,\"b\"", 0.1 + 0.2, Instant.parse("2024-08-01T00:00:00Z"), null)));
        assertThat(csv).isEqualTo("id,team,score,at,none\r\n-1,\"a,\"\"b\"\"\",0.30000000000000004,2024-08-01T00:00:00Z,\r\n");
    }

    @Test
    void theHeaderFollowsTheSameRule() {
        assertThat(CsvExport.write(List.of("AP =label"), List.of())).isEqualTo("AP =label\r\n");
        assertThat(CsvExport.write(List.of("=label"), List.of())).isEqualTo("'=label\r\n");
    }
}
