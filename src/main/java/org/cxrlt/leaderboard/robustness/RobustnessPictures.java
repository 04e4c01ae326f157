package org.cxrlt.leaderboard.robustness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cxrlt.leaderboard.evaluation.RobustnessResult;

/**
 * The pictures of an analysis as plain SVG 1.1 written here (no charting library: three simple
 * figures, numbers placed exactly): the mAP intervals per team (a forest plot), the rank
 * distribution per team (a blob plot, as challengeR draws it) and the pairwise significance map.
 * Teams are ordered by their full-data rank. Text is XML-escaped.
 */
final class RobustnessPictures {

    private static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\"";
    private static final int LEFT = 190;
    private static final int ROW = 22;
    private static final int TOP = 44;

    private RobustnessPictures() {
    }

    /** The kinds, as named in the URL. */
    static final List<String> KINDS = List.of("forest", "ranks", "pairs");

    static String draw(String kind, RobustnessResult result, String title) {
        return switch (kind) {
            case "forest" -> forest(result, title);
            case "ranks" -> ranks(result, title);
            case "pairs" -> pairs(result, title);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Each team's mAP (dot) and 95 % interval (line), best first, on a common axis. */
    static String forest(RobustnessResult result, String title) {
        List<RobustnessResult.Entry> entries = byRank(result);
        double low = entries.stream().mapToDouble(RobustnessResult.Entry::mAPLow).min().orElse(0);
        double high = entries.stream().mapToDouble(RobustnessResult.Entry::mAPHigh).max().orElse(1);
        double pad = Math.max(1e-3, (high - low) * 0.05);
        low = Math.max(0, low - pad);
        high = Math.min(1, high + pad);
        int plotWidth = 480;
        int left = labelRoom(entries.stream().map(e -> e.rank() + ". " + e.name()).toList());
        int width = left + plotWidth + 40;
        int height = TOP + entries.size() * ROW + 50;
        StringBuilder svg = start(width, height, title + " - mAP with 95 % bootstrap intervals");
        double[] ticks = ticks(low, high);
        for (double tick : ticks) {
            double x = left + (tick - low) / (high - low) * plotWidth;
            svg.append(line(x, TOP - 6, x, TOP + entries.size() * ROW, "#dddddd", 1));
            svg.append(text(x, TOP + entries.size() * ROW + 16, "middle", format(tick, 3)));
        }
        svg.append(text(left + plotWidth / 2.0, TOP + entries.size() * ROW + 36, "middle", "mAP"));
        for (int i = 0; i < entries.size(); i++) {
            RobustnessResult.Entry e = entries.get(i);
            double y = TOP + i * ROW + ROW / 2.0;
            double x1 = left + (e.mAPLow() - low) / (high - low) * plotWidth;
            double x2 = left + (e.mAPHigh() - low) / (high - low) * plotWidth;
            double x = left + (e.mAP() - low) / (high - low) * plotWidth;
            svg.append(text(left - 10, y + 4, "end", e.rank() + ". " + e.name()));
            svg.append(line(x1, y, x2, y, "#1f4e99", 2));
            svg.append(line(x1, y - 5, x1, y + 5, "#1f4e99", 2));
            svg.append(line(x2, y - 5, x2, y + 5, "#1f4e99", 2));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f4e99\">"
                            + "<title>%s: mAP %s [%s, %s]</title></circle>%n", x, y, escape(e.name()),
                    format(e.mAP(), 4), format(e.mAPLow(), 4), format(e.mAPHigh(), 4)));
        }
        return svg.append("</svg>\n").toString();
    }

    /** For each team (columns, best first) and each rank (rows): a disc whose area is the share of replicates. */
    static String ranks(RobustnessResult result, String title) {
        List<RobustnessResult.Entry> entries = byRank(result);
        int n = entries.size();
        int cell = Math.max(14, Math.min(36, 600 / Math.max(1, n)));
        List<String> names = entries.stream().map(RobustnessResult.Entry::name).toList();
        // the names are written at -60 degrees below the columns, ending under their column
        double nameWidth = textWidth(names);
        int left = Math.max(60, (int) Math.ceil(nameWidth * 0.5 - cell / 2.0) + 10);
        int top = TOP;
        int width = left + n * cell + 30;
        int height = top + n * cell + Math.max(170, (int) Math.ceil(nameWidth * 0.87) + 50);
        StringBuilder svg = start(width, height, title + " - rank per bootstrap replicate");
        for (int rank = 1; rank <= n; rank++) {
            double y = top + (rank - 0.5) * cell;
            svg.append(line(left, y, left + n * cell, y, "#eeeeee", 1));
            if (n <= 30 || rank % 5 == 0 || rank == 1) {
                svg.append(text(left - 8, y + 4, "end", Integer.toString(rank)));
            }
        }
        svg.append(text(14, top + n * cell / 2.0, "middle", "rank", "rotate(-90 14 " + (top + n * cell / 2.0) + ")"));
        for (int i = 0; i < n; i++) {
            RobustnessResult.Entry e = entries.get(i);
            double x = left + (i + 0.5) * cell;
            for (int k = 0; k < e.rankCounts().size(); k++) {
                int count = e.rankCounts().get(k);
                if (count == 0) {
                    continue;
                }
                double share = (double) count / result.replicates();
                double radius = Math.sqrt(share) * cell / 2.0;
                double y = top + (k + 0.5) * cell;
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\" fill=\"#1f4e99\" "
                                + "fill-opacity=\"0.75\"><title>%s: rank %d in %s of replicates</title></circle>%n",
                        x, y, Math.max(0.8, radius), escape(e.name()), k + 1, percent(share)));
            }
            double medianY = top + (e.rankMedian() - 0.5) * cell;
            svg.append(line(x - cell * 0.45, medianY, x + cell * 0.45, medianY, "#c0392b", 2));
            svg.append(text(x, top + n * cell + 10, "end", e.name(),
                    String.format(Locale.ROOT, "rotate(-60 %.1f %d)", x, top + n * cell + 10)));
        }
        svg.append(text(left, height - 10, "start", "disc area: share of replicates; red bar: median rank"));
        return svg.append("</svg>\n").toString();
    }

    /**
     * Row team A, column team B: the share of replicates in which A's mAP beats B's, from white
     * (never) to dark blue (always); cells of 95 % or more are outlined: A is significantly better.
     */
    static String pairs(RobustnessResult result, String title) {
        List<RobustnessResult.Entry> entries = byRank(result);
        int n = entries.size();
        List<String> order = entries.stream().map(RobustnessResult.Entry::name).toList();
        double[][] share = new double[n][n];
        for (RobustnessResult.Pair pair : result.pairs()) {
            share[order.indexOf(pair.a())][order.indexOf(pair.b())] = pair.pABeatsB();
        }
        int cell = Math.max(12, Math.min(40, 600 / Math.max(1, n)));
        int left = labelRoom(order);
        // the column names are written at -60 degrees above the cells
        int top = TOP + Math.max(140, (int) Math.ceil(textWidth(order) * 0.87) + 20);
        String note = "outlined: the row beats the column in at least 95 % of replicates";
        int width = Math.max(left + n * cell + Math.max(30, (int) Math.ceil(textWidth(order) * 0.5)),
                left + (int) Math.ceil(textWidth(List.of(note))));
        int height = top + n * cell + 40;
        StringBuilder svg = start(width, height, title + " - share of replicates in which the row beats the column");
        for (int a = 0; a < n; a++) {
            double y = top + a * cell;
            svg.append(text(left - 8, y + cell / 2.0 + 4, "end", order.get(a)));
            double x = left + (a + 0.5) * cell;
            svg.append(text(x, top - 8, "start", order.get(a), String.format(Locale.ROOT, "rotate(-60 %.1f %d)", x,
                    top - 8)));
            for (int b = 0; b < n; b++) {
                double cx = left + b * cell;
                if (a == b) {
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
                            + "fill=\"#cccccc\"/>%n", cx, y, cell, cell));
                    continue;
                }
                double p = share[a][b];
                boolean significant = p >= 0.95;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
                                + "fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"><title>%s beats %s in %s of replicates"
                                + "</title></rect>%n", cx, y, cell, cell, blue(p), significant ? "#000000" : "#ffffff",
                        significant ? "2" : "0.5", escape(order.get(a)), escape(order.get(b)), percent(p)));
                if (n <= 15) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" %s "
                                    + "font-size=\"10\" fill=\"%s\">%s</text>%n", cx + cell / 2.0, y + cell / 2.0 + 4,
                            "font-family=\"Helvetica, Arial, sans-serif\"", p > 0.6 ? "#ffffff" : "#000000",
                            format(p, 2)));
                }
            }
        }
        svg.append(text(left, height - 12, "start", note));
        return svg.append("</svg>\n").toString();
    }

    private static List<RobustnessResult.Entry> byRank(RobustnessResult result) {
        List<RobustnessResult.Entry> entries = new ArrayList<>(result.entries());
        entries.sort(Comparator.comparingInt(RobustnessResult.Entry::rank));
        return entries;
    }

    private static StringBuilder start(int plotWidth, int height, String title) {
        int width = Math.max(plotWidth, 20 + (int) Math.ceil(textWidth(List.of(title)))); // the title is not cut off
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\">%n", width, height, width, height));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" %s font-weight=\"bold\">%s</text>%n", FONT,
                escape(title)));
        return svg;
    }

    /**
     * Room for right-aligned labels left of a plot: at least {@value #LEFT} pixels, at most 640
     * (a longer name is cut off rather than making the picture wider than a screen).
     */
    private static int labelRoom(List<String> labels) {
        return (int) Math.min(640, Math.max(LEFT, Math.ceil(textWidth(labels)) + 20));
    }

    /** The width of the longest text at 12 px: about 7 px a character, more than most fonts' average. */
    private static double textWidth(List<String> texts) {
        return 7.0 * texts.stream().mapToInt(String::length).max().orElse(0);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, double width) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%s\"/>%n", x1, y1, x2, y2, colour, format(width, 1));
    }

    private static String text(double x, double y, String anchor, String content) {
        return text(x, y, anchor, content, null);
    }

    private static String text(double x, double y, String anchor, String content, String transform) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s%s>%s</text>%n", x, y, anchor,
                FONT, transform == null ? "" : " transform=\"" + transform + "\"", escape(content));
    }

    /** About five round ticks between low and high. */
    private static double[] ticks(double low, double high) {
        double span = high - low;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (span / (step * factor) <= 6) {
                step *= factor;
                break;
            }
        }
        double first = Math.ceil(low / step) * step;
        int count = (int) Math.floor((high - first) / step + 1e-9) + 1;
        double[] ticks = new double[Math.max(0, count)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    private static String blue(double p) {
        // white (p = 0) to #1f4e99 (p = 1)
        int r = (int) Math.round(255 + (0x1f - 255) * p);
        int g = (int) Math.round(255 + (0x4e - 255) * p);
        int b = (int) Math.round(255 + (0x99 - 255) * p);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    // characters XML 1.0 does not allow are left out
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
