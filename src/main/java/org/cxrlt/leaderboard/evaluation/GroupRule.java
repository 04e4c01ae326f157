package org.cxrlt.leaderboard.evaluation;

/**
 * How a training count decides a label's group: head when the label had more than
 * {@code headAbove} positive training images, tail when it had fewer than {@code tailBelow},
 * medium in between. Counts are compared as whole numbers, so a percentage rule is written as
 * the counts it means: CXR-LT 2024's "head at least 10 %, tail under 1 % of its training images" is
 * {@code headAbove = 25887, tailBelow = 2589}.
 *
 * @param headAbove a count above this is head; 0 or more
 * @param tailBelow a count below this is tail; 0 or more and at most {@code headAbove}
 * @throws IllegalArgumentException if a threshold is negative or they are out of order
 */
public record GroupRule(long headAbove, long tailBelow) {

    public GroupRule {
        java.util.List<String> problems = new java.util.ArrayList<>();
        DefinitionRules.checkGroupRule("groupRule", headAbove, tailBelow, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
    }

    /** The group of a label with {@code count} positive training images. */
    public LabelGroup groupOf(long count) {
        if (count > headAbove) {
            return LabelGroup.HEAD;
        }
        return count < tailBelow ? LabelGroup.TAIL : LabelGroup.MEDIUM;
    }
}
