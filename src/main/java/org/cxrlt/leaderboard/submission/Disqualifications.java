package org.cxrlt.leaderboard.submission;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.challenge.LeaderboardVersions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Submissions left off the leaderboard by the organizers (kept in the record, the reason shown to the team), and back. Audited. */
@Service
public class Disqualifications {

    private final Submissions submissions;
    private final OrganizerActions audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final LeaderboardVersions leaderboards;

    Disqualifications(Submissions submissions, OrganizerActions audit, JdbcTemplate jdbc, TransactionTemplate transaction,
                      Clock clock, LeaderboardVersions leaderboards) {
        this.submissions = submissions;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.leaderboards = leaderboards;
    }

    /** Leaves a submission off the leaderboard; it stays in the record and its team sees the reason. */
    public SubmissionView disqualify(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw SubmissionException.invalid("A disqualification needs a reason: send {\"reason\": \"...\"}; "
                    + "the team will see it.");
        }
        if (reason.length() > Submissions.MAX_DESCRIPTION) {
            throw SubmissionException.invalid("The reason is longer than " + Submissions.MAX_DESCRIPTION
                    + " characters.");
        }
        transaction.executeWithoutResult(status -> {
            String before = disqualification(id);
            if (before != null) {
                throw SubmissionException.conflict("Submission " + id + " is already disqualified (" + before + ").");
            }
            jdbc.update("update submission set disqualified_at = ?, disqualification_reason = ? where id = ?",
                    Timestamp.from(clock.instant()), reason.trim(), id);
            leaderboards.invalidate(phaseOf(id));
            audit.record("submission.disqualify", "submission:" + id, disqualifiedMap(null),
                    disqualifiedMap(reason.trim()));
        });
        return submissions.view(id, true);
    }

    /** Undoes a disqualification. */
    public SubmissionView requalify(long id) {
        transaction.executeWithoutResult(status -> {
            String before = disqualification(id);
            if (before == null) {
                throw SubmissionException.conflict("Submission " + id + " is not disqualified.");
            }
            jdbc.update("update submission set disqualified_at = null, disqualification_reason = null where id = ?", id);
            leaderboards.invalidate(phaseOf(id));
            audit.record("submission.requalify", "submission:" + id, disqualifiedMap(before), disqualifiedMap(null));
        });
        return submissions.view(id, true);
    }

    private static Map<String, Object> disqualifiedMap(String reason) {
        Map<String, Object> map = new LinkedHashMap<>(); // the reason may be null
        map.put("disqualified", reason);
        return map;
    }

    private String disqualification(long id) {
        List<Map<String, Object>> found = jdbc.queryForList(
                "select disqualification_reason from submission where id = ? for no key update", id);
        if (found.isEmpty()) {
            throw SubmissionException.notFound("There is no submission " + id + ".");
        }
        return (String) found.get(0).get("disqualification_reason");
    }

    private long phaseOf(long id) {
        Long phase = jdbc.queryForObject("select phase_id from submission where id = ?", Long.class, id);
        return phase == null ? 0 : phase;
    }
}
