package org.cxrlt.leaderboard.evaluation;

/**
 * Head, medium and tail labels by training prevalence, the split CXR-LT participants use (no
 * official one was published): head at least 10 % of the training images, medium 1 % to 10 %,
 * tail under 1 %. Labels without training counts (zero-shot) belong to no group.
 */
public enum LabelGroup {
    HEAD, MEDIUM, TAIL;

    /** The group of a CXR-LT 2024 label, or null if it has no training count. */
    public static LabelGroup of(String label) {
        Integer count = CxrLt2024.TRAINING_COUNTS.get(label);
        if (count == null) {
            return null;
        }
        // compared in integers: prevalence >= 10 % is count * 10 >= images
        long images = CxrLt2024.TRAINING_IMAGES;
        if (count * 10L >= images) {
            return HEAD;
        }
        return count * 100L >= images ? MEDIUM : TAIL;
    }
}
