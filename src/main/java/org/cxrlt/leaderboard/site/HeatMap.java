package org.cxrlt.leaderboard.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.evaluation.LabelGroup;
import org.cxrlt.leaderboard.evaluation.LabelGroups;

/**
 * A heat map of per-label AP, teams by labels, as plain SVG: one row per team in the order
 * given, the labels grouped head, medium, tail (then labels of no group, such as zero-shot
 * ones), each group in the task's column order. Written as a string rather than through the
 * template engine: 200 teams by 40 labels are 8,000 cells.
 */
public final class HeatMap {

    static final int CELL = 18;
    static final int NAME_WIDTH = 170;
    static final int HEADER = 165;

    private HeatMap() {
    }

    /** A team's row: its name and each label's AP (a label missing from the map is drawn empty). */
    public record Row(String team, Map<String, Double> ap) {
    }

    /** The labels in drawing order with their group's name ("head", "medium", "tail" or "other"). */
    public record Column(String label, String group) {
    }

    /** @param groups each label's group, from the challenge definition */
    public static List<Column> columns(List<String> labels, LabelGroups groups) {
        List<Column> columns = new ArrayList<>();
        for (LabelGroup group : LabelGroup.values()) {
            for (String label : labels) {
                if (groups.of(label) == group) {
                    columns.add(new Column(label, group.key()));
                }
            }
        }
        for (String label : labels) {
            if (groups.of(label) == null) {
                columns.add(new Column(label, "other"));
            }
        }
        return columns;
    }

    /** The SVG element; names and labels are escaped. */
    public static String svg(List<String> labels, LabelGroups groups, List<Row> rows) {
        List<Column> columns = columns(labels, groups);
        int width = NAME_WIDTH + columns.size() * CELL + 90;
        int height = HEADER + rows.size() * CELL + 10;
        StringBuilder svg = new StringBuilder(128 + rows.size() * columns.size() * 110);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" id=\"heatmap\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" aria-labelledby=\"heatmap-title\">")
                .append("<title id=\"heatmap-title\">AP of each label (columns, grouped head, medium, tail) for each of ")
                .append(rows.size()).append(" ranked teams (rows); darker is higher</title>");
        // the legend: AP 0 to 1
        svg.append("<defs><linearGradient id=\"ap-scale\"><stop offset=\"0\" stop-color=\"").append(color(0))
                .append("\"/><stop offset=\"1\" stop-color=\"").append(color(1)).append("\"/></linearGradient></defs>")
                .append("<text class=\"legend\" x=\"0\" y=\"12\">AP 0</text>")
                .append("<rect x=\"34\" y=\"2\" width=\"90\" height=\"12\" fill=\"url(#ap-scale)\" stroke=\"#888\"/>")
                .append("<text class=\"legend\" x=\"128\" y=\"12\">1</text>");
        // group headings and separators
        String group = null;
        int groupStart = 0;
        for (int i = 0; i <= columns.size(); i++) {
            String current = i < columns.size() ? columns.get(i).group() : null;
            if (!java.util.Objects.equals(current, group)) {
                if (group != null) {
                    int x0 = NAME_WIDTH + groupStart * CELL;
                    int x1 = NAME_WIDTH + i * CELL;
                    svg.append("<text class=\"group\" x=\"").append((x0 + x1) / 2).append("\" y=\"12\" text-anchor=\"middle\">")
                            .append(group).append("</text>")
                            .append("<line x1=\"").append(x0).append("\" x2=\"").append(x1 - 2)
                            .append("\" y1=\"16\" y2=\"16\" stroke=\"#444\"/>");
                }
                group = current;
                groupStart = i;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            int x = NAME_WIDTH + i * CELL + CELL / 2 + 4;
            svg.append("<text class=\"label\" transform=\"translate(").append(x).append(',').append(HEADER - 4)
                    .append(") rotate(-60)\">").append(escape(columns.get(i).label())).append("</text>");
        }
        String[] escapedLabels = columns.stream().map(c -> escape(c.label())).toArray(String[]::new);
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y = HEADER + r * CELL;
            svg.append("<text class=\"team\" x=\"").append(NAME_WIDTH - 4).append("\" y=\"").append(y + CELL - 3)
                    .append("\" text-anchor=\"end\">").append(escape(shorten(row.team()))).append("</text>");
            String team = escape(row.team());
            for (int i = 0; i < columns.size(); i++) {
                String label = columns.get(i).label();
                Double ap = row.ap().get(label);
                svg.append("<rect class=\"cell\" x=\"").append(NAME_WIDTH + i * CELL).append("\" y=\"").append(y)
                        .append("\" width=\"").append(CELL - 1).append("\" height=\"").append(CELL - 1)
                        .append("\" fill=\"").append(ap == null ? "#ffffff" : color(ap)).append("\"><title>")
                        .append(team).append(" — ").append(escapedLabels[i]).append(": AP ");
                if (ap == null) {
                    svg.append("none");
                } else {
                    fixed4(svg, ap);
                }
                svg.append("</title></rect>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** {@code value} in [0, 1] with 4 decimals, as {@code %.4f} would write it but without its cost per cell. */
    static void fixed4(StringBuilder out, double value) {
        long tenThousandths = Math.round(Math.max(0, Math.min(1, value)) * 10_000);
        out.append(tenThousandths / 10_000).append('.');
        String fraction = Long.toString(tenThousandths % 10_000);
        out.append("0000", 0, 4 - fraction.length()).append(fraction);
    }

    private static final String[] PALETTE = new String[256];

    static {
        for (int i = 0; i < PALETTE.length; i++) {
            PALETTE[i] = interpolate(i / 255.0);
        }
    }

    /** From a pale blue (AP 0) to a dark blue (AP 1), linear in each channel, in 256 steps. */
    static String color(double ap) {
        return PALETTE[(int) Math.round(Math.max(0, Math.min(1, ap)) * 255)];
    }

    private static String interpolate(double t) {
        int r = (int) Math.round(0xf1 + (0x08 - 0xf1) * t);
        int g = (int) Math.round(0xf5 + (0x30 - 0xf5) * t);
        int b = (int) Math.round(0xfb + (0x6b - 0xfb) * t);
        return String.format("#%02x%02x%02x", r, g, b);
    }

    private static String shorten(String name) {
        return name.length() <= 26 ? name : name.substring(0, 25) + "…";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
