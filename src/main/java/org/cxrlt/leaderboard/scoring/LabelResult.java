package org.cxrlt.leaderboard.scoring;

public record LabelResult(String label, double ap, double auroc, double f1, double ece, int positives) {
}
