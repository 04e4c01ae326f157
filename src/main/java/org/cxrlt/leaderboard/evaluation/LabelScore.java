package org.cxrlt.leaderboard.evaluation;

/**
 * The metrics of one label.
 *
 * @param ap        average precision, as scikit-learn's {@code average_precision_score}
 * @param auroc     area under the ROC curve, as scikit-learn's {@code roc_auc_score}
 * @param f1        F1 of the predictions thresholded at p &gt; 0.5
 * @param ece       expected calibration error over 10 equal-width bins
 * @param positives positives of the label in the answer key
 */
public record LabelScore(String label, double ap, double auroc, double f1, double ece, int positives) {
}
