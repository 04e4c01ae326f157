package org.cxrlt.leaderboard.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which labels of a task are head, medium or tail, as the challenge definition says; a label
 * not named belongs to no group (such as a zero-shot label, which has no training count).
 * Immutable.
 */
public final class LabelGroups {

    /** No label in any group: group means are then all null. */
    public static final LabelGroups NONE = new LabelGroups(Map.of());

    private final Map<String, LabelGroup> byLabel;

    private LabelGroups(Map<String, LabelGroup> byLabel) {
        this.byLabel = byLabel;
    }

    /** @param byLabel each grouped label's group; labels left out belong to none */
    public static LabelGroups of(Map<String, LabelGroup> byLabel) {
        Map<String, LabelGroup> copy = new LinkedHashMap<>();
        byLabel.forEach((label, group) -> {
            if (label != null && group != null) {
                copy.put(label, group);
            }
        });
        return new LabelGroups(Collections.unmodifiableMap(copy));
    }

    /** The group of {@code label}, or null if it has none. */
    public LabelGroup of(String label) {
        return byLabel.get(label);
    }

    /** Every grouped label with its group, in the order given. */
    public Map<String, LabelGroup> asMap() {
        return byLabel;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelGroups groups && groups.byLabel.equals(byLabel);
    }

    @Override
    public int hashCode() {
        return byLabel.hashCode();
    }

    @Override
    public String toString() {
        return byLabel.toString();
    }
}
