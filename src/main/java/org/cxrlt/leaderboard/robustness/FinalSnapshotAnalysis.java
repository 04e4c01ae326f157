package org.cxrlt.leaderboard.robustness;

import java.util.List;
import org.cxrlt.leaderboard.leaderboard.LeaderboardSnapshots;
import org.cxrlt.leaderboard.leaderboard.SnapshotTaken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Every {@code final} snapshot gets an analysis of its own: queued as soon as the snapshot is
 * stored, and, should that be missed (the instance stopped in between), by a check at each poll
 * for final snapshots without one. The unique automatic (phase, snapshot) keeps it to one.
 */
@Component
class FinalSnapshotAnalysis {

    private static final Logger log = LoggerFactory.getLogger(FinalSnapshotAnalysis.class);

    private final RobustnessAnalyses analyses;
    private final JdbcTemplate jdbc;

    FinalSnapshotAnalysis(RobustnessAnalyses analyses, JdbcTemplate jdbc) {
        this.analyses = analyses;
        this.jdbc = jdbc;
    }

    @TransactionalEventListener
    void snapshotTaken(SnapshotTaken taken) {
        if (!LeaderboardSnapshots.FINAL.equals(taken.name())) {
            return;
        }
        try {
            analyses.startAutomatic(taken.challenge(), taken.task(), taken.phase(), taken.name());
        } catch (RuntimeException e) {
            log.error("Could not queue the robustness analysis of the final snapshot of {}/{}/{}; the next check "
                    + "tries again", taken.challenge(), taken.task(), taken.phase(), e);
        }
    }

    /**
     * Queues the analysis of every final snapshot that has none (and whose phase has an answer key).
     *
     * @return how many this call queued
     */
    @Scheduled(initialDelayString = "${cxrlt.robustness.poll-interval:30s}",
            fixedDelayString = "${cxrlt.robustness.poll-interval:30s}")
    int analyseFinalSnapshots() {
        List<String[]> due = jdbc.query("""
                select c.slug, t.slug, p.slug from leaderboard_snapshot s
                  join phase p on p.id = s.phase_id
                  join task t on t.id = p.task_id
                  join challenge c on c.id = t.challenge_id
                 where s.name = ? and p.active_answer_key_id is not null
                   and jsonb_array_length(s.content -> 'entries') > 0
                   and not exists (select 1 from robustness_analysis a
                                    where a.phase_id = s.phase_id and a.snapshot_name = s.name and a.automatic)
                """, (rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                LeaderboardSnapshots.FINAL);
        int queued = 0;
        for (String[] phase : due) {
            try {
                if (analyses.startAutomatic(phase[0], phase[1], phase[2], LeaderboardSnapshots.FINAL)) {
                    queued++;
                }
            } catch (RuntimeException e) {
                log.warn("Could not queue the robustness analysis of the final snapshot of {}/{}/{}", phase[0],
                        phase[1], phase[2], e);
            }
        }
        return queued;
    }
}
