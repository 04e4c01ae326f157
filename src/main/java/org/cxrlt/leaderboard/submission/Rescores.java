package org.cxrlt.leaderboard.submission;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.LeaderboardVersions;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.scoring.SubmissionQueue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** An organizer's rescore: submissions queued again, to be scored against the active answer key. Audited. */
@Service
public class Rescores {

    private final Challenges challenges;
    private final Submissions submissions;
    private final SubmissionQueue queue;
    private final OrganizerActions audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LeaderboardVersions leaderboards;

    Rescores(Challenges challenges, Submissions submissions, SubmissionQueue queue, OrganizerActions audit, JdbcTemplate jdbc,
             TransactionTemplate transaction, LeaderboardVersions leaderboards) {
        this.challenges = challenges;
        this.submissions = submissions;
        this.queue = queue;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.leaderboards = leaderboards;
    }

    /** Queues every SCORED or FAILED submission of the phase again, to be scored against the active answer key. */
    public int rescore(String challenge, String task, String phase) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        if (ref.answerKeyId() == null) {
            throw SubmissionException.conflict("The " + ref.describe() + " has no answer key, so nothing can be rescored.");
        }
        Integer requeued = transaction.execute(status -> {
            List<Long> ids = queue.requeuePhase(ref.phaseId());
            leaderboards.invalidate(ref.phaseId());
            ids.forEach(queue::announce);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("requeued", ids.size());
            after.put("answerKeyVersion", jdbc.queryForObject("select version from answer_key where id = ?",
                    Integer.class, ref.answerKeyId()));
            audit.record("phase.rescore", ref.path(), null, after);
            return ids.size();
        });
        return requeued == null ? 0 : requeued;
    }

    /** Queues one SCORED or FAILED submission again; 409 while it is queued, being scored or cancelled. */
    public SubmissionView rescore(long id) {
        transaction.executeWithoutResult(status -> {
            SubmissionStatus before = currentStatus(id);
            if (before == SubmissionStatus.QUEUED || before == SubmissionStatus.SCORING) {
                throw SubmissionException.conflict("Submission " + id + " is " + before + ": it will be scored against the "
                        + "active answer key anyway.");
            }
            if (before == SubmissionStatus.CANCELLED) {
                throw SubmissionException.conflict("Submission " + id + " was cancelled by its team, so it is not scored.");
            }
            if (!queue.requeue(id, before.name())) {
                throw SubmissionException.conflict("Submission " + id + " changed meanwhile; please try again.");
            }
            leaderboards.invalidate(phaseOf(id));
            queue.announce(id);
            audit.record("submission.rescore", "submission:" + id, Map.of("status", before.name()),
                    Map.of("status", "QUEUED"));
        });
        return submissions.view(id, false);
    }

    private SubmissionStatus currentStatus(long id) {
        // Not FOR UPDATE: a key-share lock (a foreign key check) need not wait for it.
        List<String> found = jdbc.queryForList("select status from submission where id = ? for no key update",
                String.class, id);
        if (found.isEmpty()) {
            throw SubmissionException.notFound("There is no submission " + id + ".");
        }
        return SubmissionStatus.valueOf(found.get(0));
    }

    private long phaseOf(long id) {
        Long phase = jdbc.queryForObject("select phase_id from submission where id = ?", Long.class, id);
        return phase == null ? 0 : phase;
    }
}
