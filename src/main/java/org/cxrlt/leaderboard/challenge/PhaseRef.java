package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.LabelGroups;

/**
 * A phase as the other modules need it.
 *
 * @param labels       the task's labels in official column order
 * @param answerKeyId  the active answer key, or null while none is loaded
 * @param rules        the organizers' rules (quotas, pause, selection, visibility)
 * @param idColumn     the id column of the challenge's CSV files
 * @param groups       the head/medium/tail group of each of the task's labels, from the definition
 * @param metricsShown the metrics the leaderboard shows, mAP first
 */
public record PhaseRef(long phaseId, String challenge, String task, String phase, List<String> labels,
                       Instant opensAt, Instant closesAt, Long answerKeyId, PhaseRules rules, String idColumn,
                       LabelGroups groups, List<String> metricsShown) {

    /** Whether it takes submissions at {@code now}: {@code opensAt <= now < closesAt}. */
    public boolean isOpen(Instant now) {
        return PhaseSchedule.isOpen(opensAt, closesAt, now);
    }

    /** Closed for good: a closing time that has passed. */
    public boolean hasClosed(Instant now) {
        return closesAt != null && !now.isBefore(closesAt);
    }

    /** The phase as a path, for logs and the audit log: {@code cxr-lt-2024/task1/test}. */
    public String path() {
        return challenge + "/" + task + "/" + phase;
    }

    public String describe() {
        return "phase '" + phase + "' of " + task + " in " + challenge;
    }
}
