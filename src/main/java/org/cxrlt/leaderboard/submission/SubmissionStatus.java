package org.cxrlt.leaderboard.submission;

public enum SubmissionStatus {
    QUEUED, SCORING, SCORED, FAILED, CANCELLED
}
