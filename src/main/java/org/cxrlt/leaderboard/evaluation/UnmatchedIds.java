package org.cxrlt.leaderboard.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a submission whose id matches no answer-key id: all counted (a repeated id counts
 * once per row), the first few distinct ids kept (shortened).
 */
final class UnmatchedIds {

    /** Distinct unmatched ids a refusal shows. */
    static final int IDS_SHOWN = 5;

    /** Bytes of an id kept at most: enough to show it and to try the usual fixes on it. */
    private static final int LONGEST_KEPT = 256;

    private final List<String> first = new ArrayList<>();
    private long count;

    void add(byte[] bytes, int start, int end) {
        count++;
        if (first.size() < IDS_SHOWN) {
            keep(new String(bytes, start, Math.min(end - start, LONGEST_KEPT), StandardCharsets.UTF_8));
        }
    }

    void add(String id) {
        count++;
        if (first.size() < IDS_SHOWN) {
            keep(id.length() > LONGEST_KEPT ? id.substring(0, LONGEST_KEPT) : id);
        }
    }

    /**
     * Adds the ids another part of the file counted, as if they had been read after these: the
     * first few distinct ids of the two parts in file order are among these and the other's.
     */
    void addAll(UnmatchedIds later) {
        count += later.count;
        for (String id : later.first) {
            if (first.size() < IDS_SHOWN) {
                keep(id);
            }
        }
    }

    private void keep(String id) {
        if (!first.contains(id)) {
            first.add(id);
        }
    }

    long count() {
        return count;
    }

    List<String> first() {
        return first;
    }
}
