package org.cxrlt.leaderboard.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.junit.jupiter.api.Test;

class HeatMapTests {

    @Test
    void labelsAreGroupedHeadMediumTailThenThoseOfNoGroupEachInColumnOrder() {
        List<HeatMap.Column> columns = HeatMap.columns(List.of("Mass", "Atelectasis", "Round(ed) Atelectasis", "Bulla", "Edema"), CxrLt2024.GROUPS);
        assertThat(columns).extracting(HeatMap.Column::label)
                .containsExactly("Atelectasis", "Edema", "Mass", "Round(ed) Atelectasis", "Bulla");
        assertThat(columns).extracting(HeatMap.Column::group)
                .containsExactly("head", "head", "medium", "tail", "other");
    }

    @Test
    void drawsACellPerTeamAndLabelAndEscapesNames() {
        String svg = HeatMap.svg(CxrLt2024.TASK2_LABELS, CxrLt2024.GROUPS, List.of(
                new HeatMap.Row("<script>alert(1)</script> & co", Map.of("Atelectasis", 1.0, "Edema", 0.0)),
                new HeatMap.Row("Second", Map.of())));
        assertThat(svg.split("<rect class=\"cell\"", -1)).hasSize(2 * CxrLt2024.TASK2_LABELS.size() + 1);
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
        // AP 1 is the darkest, AP 0 the palest, a missing label is white
        assertThat(svg).contains("fill=\"" + HeatMap.color(1.0) + "\"><title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co — Atelectasis: AP 1.0000");
        assertThat(HeatMap.color(1.0)).isEqualTo("#08306b");
        assertThat(HeatMap.color(0.0)).isEqualTo("#f1f5fb");
        assertThat(svg).contains("Second — Edema: AP none</title>");
    }
}
