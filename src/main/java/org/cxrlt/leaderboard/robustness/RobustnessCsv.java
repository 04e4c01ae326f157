package org.cxrlt.leaderboard.robustness;

import java.util.ArrayList;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.RobustnessResult;

/**
 * A finished analysis as CSV (RFC 4180, CRLF), one row per entry in leaderboard order: team,
 * submission, the full-data rank and mAP, the mAP interval, the rank's median and interval, the
 * share of replicates ranked first, then each label's AP with its interval ({@code AP <label>},
 * {@code AP <label> low}, {@code AP <label> high}). Numbers as Java writes doubles (they read back
 * as the same values).
 */
final class RobustnessCsv {

    private RobustnessCsv() {
    }

    static String write(AnalysisView view) {
        RobustnessResult result = view.result();
        StringBuilder csv = new StringBuilder(1 << 14);
        List<String> header = new ArrayList<>(List.of("team", "submissionId", "rank", "mAP", "mAPLow", "mAPHigh",
                "rankMedian", "rankLow", "rankHigh", "pFirst"));
        for (String label : result.labels()) {
            header.add("AP " + label);
            header.add("AP " + label + " low");
            header.add("AP " + label + " high");
        }
        row(csv, header);
        for (int e = 0; e < result.entries().size(); e++) {
            RobustnessResult.Entry entry = result.entries().get(e);
            List<String> fields = new ArrayList<>(List.of(entry.name(),
                    Long.toString(view.entries().get(e).submissionId()), Integer.toString(entry.rank()),
                    Double.toString(entry.mAP()), Double.toString(entry.mAPLow()), Double.toString(entry.mAPHigh()),
                    Double.toString(entry.rankMedian()), Double.toString(entry.rankLow()),
                    Double.toString(entry.rankHigh()), Double.toString(entry.pFirst())));
            for (RobustnessResult.LabelInterval label : entry.labels()) {
                fields.add(Double.toString(label.ap()));
                fields.add(Double.toString(label.apLow()));
                fields.add(Double.toString(label.apHigh()));
            }
            row(csv, fields);
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quoted(fields.get(i)));
        }
        csv.append("\r\n");
    }

    /** RFC 4180 quoting, and a leading quote against formula injection in spreadsheets. */
    private static String quoted(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !isNumber(text) ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
