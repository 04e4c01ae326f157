package org.cxrlt.leaderboard.submission;

import java.util.List;

/** One page of a team's submissions, newest first. */
public record SubmissionPage(List<SubmissionView> items, int page, int size, long totalItems, int totalPages) {
}
