package org.cxrlt.leaderboard.evaluation;

import java.util.Locale;

/**
 * Head, medium and tail: a label's group by how often it was seen in training. Which label
 * belongs where is the challenge definition's (a training count under a {@link GroupRule}, or a
 * group given outright); the core holds no label's group.
 */
public enum LabelGroup {
    HEAD, MEDIUM, TAIL;

    /** {@code head}, {@code medium} or {@code tail}, as definitions and JSON write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The group written {@code head}, {@code medium} or {@code tail} (any case), or null for anything else. */
    public static LabelGroup parse(String text) {
        if (text == null) {
            return null;
        }
        for (LabelGroup group : values()) {
            if (group.key().equalsIgnoreCase(text.trim())) {
                return group;
            }
        }
        return null;
    }
}
