package org.cxrlt.leaderboard.submission;

import java.time.Instant;

/**
 * What a team has used and has left in a phase. A remaining count is null when its limit is not
 * set. FAILED and CANCELLED submissions count against nothing.
 *
 * @param usedToday submissions since the last UTC midnight
 * @param inFlight  submissions QUEUED or SCORING
 * @param resetsAt  the next UTC midnight, when usedToday starts again from 0
 */
public record QuotaView(long usedToday, Long remainingToday, long usedTotal, Long remainingTotal, long inFlight,
                        Long remainingInFlight, Instant resetsAt, Integer maxPerDay, Integer maxTotal,
                        Integer maxInFlight) {
}
