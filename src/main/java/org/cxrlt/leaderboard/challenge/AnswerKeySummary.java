package org.cxrlt.leaderboard.challenge;

import java.util.List;
import java.util.Map;

/** What an uploaded answer key holds: rows, positives per label in column order, harmless oddities. */
public record AnswerKeySummary(int rows, Map<String, Integer> positives, List<String> warnings, boolean synthetic) {
}
