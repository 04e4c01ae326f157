package org.cxrlt.leaderboard.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cxrlt.leaderboard.evaluation.RobustnessResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG pictures are well-formed XML, escape team names, and draw what the result says. */
class RobustnessPicturesTests {

    private static final String AWKWARD = "<Team & \"Co\"> 'quoted'";

    private static RobustnessResult result(int teams) {
        List<RobustnessResult.Entry> entries = new ArrayList<>();
        List<RobustnessResult.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < teams; i++) {
            List<Integer> counts = new ArrayList<>();
            for (int k = 0; k < teams; k++) {
                counts.add(k == i ? 80 : k == i + 1 ? 20 : 0);
            }
            double map = 0.5 - 0.01 * i;
            entries.add(new RobustnessResult.Entry(i == 0 ? AWKWARD : "team " + i, map, map - 0.02, map + 0.02, i + 1,
                    i + 1, i + 1, i + 2, i == 0 ? 0.8 : 0.0, counts,
                    List.of(new RobustnessResult.LabelInterval("Edema", map, map - 0.05, map + 0.05))));
        }
        for (int a = 0; a < teams; a++) {
            for (int b = 0; b < teams; b++) {
                if (a != b) {
                    pairs.add(new RobustnessResult.Pair(entries.get(a).name(), entries.get(b).name(),
                            a < b ? (b == a + 1 ? 0.8 : 0.97) : 0.0));
                }
            }
        }
        return new RobustnessResult(100, 1, 0, 406, List.of("Edema"), entries, pairs,
                new RobustnessResult.TauSummary(0.9, 0.8, 1.0, 100));
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyPictureIsWellFormedSvgWithTheTeamNamesEscaped() throws Exception {
        for (int teams : new int[] {1, 3, 20, 50}) {
            for (String kind : RobustnessPictures.KINDS) {
                String svg = RobustnessPictures.draw(kind, result(teams), "c / t / p & <test>");
                Document document = parse(svg);
                assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
                assertThat(svg).contains("&lt;Team &amp; &quot;Co&quot;&gt; &apos;quoted&apos;")
                        .doesNotContain(AWKWARD).doesNotContain("NaN");
            }
        }
    }

    @Test
    void theForestPlotHasADotPerTeamAndTheMapOutlinesSignificantCells() throws Exception {
        Document forest = parse(RobustnessPictures.forest(result(3), "forest"));
        assertThat(forest.getElementsByTagName("circle").getLength()).isEqualTo(3);

        Document ranks = parse(RobustnessPictures.ranks(result(3), "ranks"));
        // two ranks drawn for each team but the last (whose second is outside the table)
        assertThat(ranks.getElementsByTagName("circle").getLength()).isEqualTo(5);

        Document pairs = parse(RobustnessPictures.pairs(result(3), "pairs"));
        NodeList cells = pairs.getElementsByTagName("rect");
        int outlined = 0;
        for (int i = 0; i < cells.getLength(); i++) {
            Element cell = (Element) cells.item(i);
            if ("2".equals(cell.getAttribute("stroke-width"))) {
                outlined++;
            }
        }
        assertThat(outlined).as("only team 0 over team 2 reaches 95 %").isEqualTo(1);
    }
}
