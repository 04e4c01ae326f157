package org.cxrlt.leaderboard.challenge;

import java.util.List;
import java.util.Map;

/**
 * What an uploaded answer key holds: rows, positives per label in column order, harmless oddities.
 *
 * @param version the key's number in its phase (1, 2, ...); the upload made it the active one
 */
public record AnswerKeySummary(int rows, Map<String, Integer> positives, List<String> warnings, boolean synthetic,
                               int version) {
}
