package org.cxrlt.leaderboard.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cxrlt.leaderboard.challenge.LeaderboardVersions;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one home of a submission's life: the only class whose SQL writes {@code submission.status}
 * (a submission is inserted QUEUED by the column's default). Each change is one UPDATE whose
 * {@code where} clause is its precondition, so a change that lost a race changes nothing and
 * says so. The allowed changes, and nothing else:
 * <pre>
 * QUEUED    -&gt; SCORING    claim (a worker leases it)
 * SCORING   -&gt; SCORING    claim (the lease expired, attempts left: another worker takes it)
 * SCORING   -&gt; SCORED     markScored (by the worker holding the lease)
 * SCORING   -&gt; FAILED     markRefused (the core refused the file), release on the last attempt,
 *                          or its worker died on the last attempt (checked at each claim)
 * SCORING   -&gt; QUEUED     release with attempts left, giveBack (an instance stopping, or the
 *                          database lost while scoring: the attempt not counted)
 * QUEUED    -&gt; CANCELLED  cancel (by its team; not while queued for a rescore)
 * SCORED    -&gt; QUEUED     requeue, requeuePhase (an organizer's rescore)
 * FAILED    -&gt; QUEUED     requeue, requeuePhase
 * </pre>
 * CANCELLED is final. The QUEUED and SCORING rows are the queue of submissions to score: workers
 * of any number of instances claim with {@code FOR UPDATE SKIP LOCKED} and a lease; a submission
 * whose worker died is claimed again once its lease expires, and one that keeps failing is given
 * up after {@link ScoringSettings#maxAttempts()} attempts.
 * <p>
 * Each change to SCORED or FAILED publishes a {@link SubmissionFinished} in the transaction that
 * makes it, so that listeners after commit see only stored outcomes.
 */
@Component
public class SubmissionQueue {

    /** Notified, with the submission id, in the transaction that queues a submission. */
    static final String CHANNEL = "cxrlt_submission_queued";

    static final String GAVE_UP = "Scoring failed for an internal reason %d times; the organizers have been "
            + "told. This is not a problem found in your file.";

    static final String OUT_OF_MEMORY = "Scoring ran out of memory on each of %d attempts. A file far beyond a "
            + "real submission (a line of many megabytes, or many more rows than the answer key) causes this; "
            + "check the file, or ask the organizers.";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ScoringSettings settings;
    private final LeaderboardVersions leaderboards;
    private final ApplicationEventPublisher events;
    private final LocalCopies localCopies;
    private final WorkSignal signal;

    SubmissionQueue(JdbcTemplate jdbc, TransactionTemplate transaction, ScoringSettings settings,
                    LeaderboardVersions leaderboards, ApplicationEventPublisher events, LocalCopies localCopies,
                    WorkSignal signal) {
        this.localCopies = localCopies;
        this.signal = signal;
        this.leaderboards = leaderboards;
        this.events = events;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.settings = settings;
    }

    /** Wakes the workers of every instance once the surrounding transaction commits. */
    public void announce(long submissionId) {
        jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, Long.toString(submissionId));
    }

    /**
     * As {@link #announce(long)}, for a submission just stored from {@code upload}: its plain file
     * is kept for this instance's workers ({@link LocalCopies}) as the transaction commits, and
     * they are woken at once, without waiting for the notification to come back.
     *
     * @param size the upload's size in bytes
     */
    public void announce(long submissionId, CompressedUpload upload, long size) {
        announce(submissionId);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                // Before the commit, while the upload's file still exists, and so that a worker
                // woken by the commit finds the copy
                localCopies.keep(submissionId, upload, size);
            }

            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    localCopies.committed(submissionId);
                    signal.wake();
                } else {
                    localCopies.drop(submissionId);
                }
            }
        });
    }

    // Leases, their expiry and every time stamp of a submission's life are the database's now(),
    // not the Clock: several instances claim from one table, and only a clock they all share can
    // tell whether another instance's lease has run out. now() is the transaction's start, so the
    // claim and its lease are one atomic statement.
    private static final String CLAIM = """
            update submission s
               set status = 'SCORING', attempts = attempts + 1, leased_by = ?,
                   lease_expires_at = now() + make_interval(secs => ?), scoring_started_at = now()
             where s.id = (select id from submission
                            where (status = 'QUEUED'
                                   or (status = 'SCORING' and lease_expires_at < now() and attempts < ?))
                                  %s
                            order by submitted_at, id
                            limit 1
                            for update skip locked)
            returning s.id, s.phase_id, s.attempts, s.rescore_requested_at is not null as rescore,
                      (select active_answer_key_id from phase p where p.id = s.phase_id) as answer_key_id
            """;

    /** The oldest submission waiting (or whose lease expired), leased to {@code worker}; empty if none. */
    Optional<Claim> claim(String worker) {
        return claim(worker, CLAIM.formatted(""));
    }

    /**
     * As {@link #claim(String)}, among the submissions of one phase only: for tests, which share
     * the database and must not take one another's submissions.
     */
    Optional<Claim> claimInPhase(String worker, long phaseId) {
        return claim(worker, CLAIM.formatted("and phase_id = " + phaseId));
    }

    private Optional<Claim> claim(String worker, String sql) {
        return transaction.execute(status -> {
            giveUpExhausted();
            List<Claim> claimed = jdbc.query(sql,
                    (rs, row) -> new Claim(rs.getLong("id"), rs.getLong("phase_id"),
                            (Long) rs.getObject("answer_key_id"), rs.getInt("attempts"), worker,
                            rs.getBoolean("rescore")),
                    worker, settings.lease().toMillis() / 1000.0, settings.maxAttempts());
            return claimed.stream().findFirst();
        });
    }

    /** Submissions whose worker died on their last allowed attempt: failed for good. */
    private void giveUpExhausted() {
        String message = GAVE_UP.formatted(settings.maxAttempts());
        List<Long> failed = jdbc.queryForList("""
                update submission
                   set status = 'FAILED', lease_expires_at = null, leased_by = null, errors = array[?]
                 where status = 'SCORING' and lease_expires_at < now() and attempts >= ?
                returning id
                """, Long.class, message, settings.maxAttempts());
        failed.forEach(id -> events.publishEvent(new SubmissionFinished(id, false, null, List.of(message))));
    }

    /**
     * Marks the claim scored, unless the lease was lost meanwhile (another worker has it then).
     * Runs inside the transaction that stores the scores.
     *
     * @return whether the claim was still this worker's
     */
    boolean markScored(Claim claim, List<String> warnings) {
        return markScored(claim, warnings, null);
    }

    /** As {@link #markScored(Claim, List)}, naming the mAP stored with it for {@link SubmissionFinished}. */
    boolean markScored(Claim claim, List<String> warnings, Double mAP) {
        int updated = jdbc.update(connection -> {
            var update = connection.prepareStatement("""
                    update submission
                       set status = 'SCORED', scored_at = now(), lease_expires_at = null, leased_by = null,
                           warnings = ?, errors = '{}'
                     where id = ? and status = 'SCORING' and leased_by = ?
                    """);
            update.setArray(1, connection.createArrayOf("text", warnings.toArray()));
            update.setLong(2, claim.submissionId());
            update.setString(3, claim.worker());
            return update;
        });
        if (updated == 1) {
            leaderboards.invalidate(claim.phaseId());
            events.publishEvent(new SubmissionFinished(claim.submissionId(), true, mAP, List.of()));
        }
        return updated == 1;
    }

    /** The core refused the file: FAILED with its messages, not tried again. */
    void markRefused(Claim claim, List<String> errors) {
        transaction.executeWithoutResult(status -> {
            int updated = jdbc.update(connection -> {
                var update = connection.prepareStatement("""
                        update submission
                           set status = 'FAILED', lease_expires_at = null, leased_by = null, errors = ?
                         where id = ? and status = 'SCORING' and leased_by = ?
                        """);
                update.setArray(1, connection.createArrayOf("text", errors.toArray()));
                update.setLong(2, claim.submissionId());
                update.setString(3, claim.worker());
                return update;
            });
            if (updated == 1) {
                events.publishEvent(new SubmissionFinished(claim.submissionId(), false, null, errors));
            }
        });
    }

    /**
     * Scoring failed for an internal reason: queued again, or FAILED after the last attempt.
     *
     * @param outOfMemory whether it ran out of memory: on the last attempt the message then says
     *                    so, since a file far beyond any real submission is the likely cause
     */
    void release(Claim claim, boolean outOfMemory) {
        if (claim.attempt() >= settings.maxAttempts()) {
            String message = outOfMemory ? OUT_OF_MEMORY.formatted(settings.maxAttempts())
                    : GAVE_UP.formatted(settings.maxAttempts());
            transaction.executeWithoutResult(status -> {
                int updated = jdbc.update("""
                        update submission
                           set status = 'FAILED', lease_expires_at = null, leased_by = null, errors = array[?]
                         where id = ? and status = 'SCORING' and leased_by = ?
                        """, message, claim.submissionId(), claim.worker());
                if (updated == 1) {
                    events.publishEvent(new SubmissionFinished(claim.submissionId(), false, null, List.of(message)));
                }
            });
        } else {
            jdbc.update("""
                    update submission set status = 'QUEUED', lease_expires_at = null, leased_by = null
                     where id = ? and status = 'SCORING' and leased_by = ?
                    """, claim.submissionId(), claim.worker());
        }
    }

    /**
     * A claim this instance gives up unscored while stopping, or whose scoring met a database that
     * could not be reached: queued again at once, the attempt not counted (nothing was wrong with
     * the submission).
     */
    void giveBack(Claim claim) {
        jdbc.update("""
                update submission set status = 'QUEUED', lease_expires_at = null, leased_by = null,
                                      attempts = greatest(attempts - 1, 0)
                 where id = ? and status = 'SCORING' and leased_by = ?
                """, claim.submissionId(), claim.worker());
    }

    /**
     * The heartbeat: extends by a whole lease every claim held by a worker of {@code instance}
     * (worker names are {@code instance/name}).
     *
     * @return claims renewed
     */
    int renewLeases(String instance) {
        return jdbc.update("""
                update submission set lease_expires_at = now() + make_interval(secs => ?)
                 where status = 'SCORING' and leased_by like ?
                """, settings.lease().toMillis() / 1000.0, instance + "/%");
    }

    /**
     * QUEUED to CANCELLED: a team's submission it no longer wants scored. Not while it is queued
     * for a rescore (the organizers asked for that).
     *
     * @return whether it was cancelled (false: not the team's, or not in that state)
     */
    public boolean cancel(long id, long teamId) {
        boolean cancelled = jdbc.update("""
                update submission set status = 'CANCELLED', lease_expires_at = null, leased_by = null
                 where id = ? and team_id = ? and status = 'QUEUED' and rescore_requested_at is null
                """, id, teamId) == 1;
        if (cancelled) {
            localCopies.drop(id); // even should the cancelling transaction roll back: only a cache
        }
        return cancelled;
    }

    /**
     * SCORED or FAILED to QUEUED, for an organizer's rescore, its attempts counted afresh.
     *
     * @param expectedStatus the status it was read in ({@code SCORED} or {@code FAILED})
     * @return whether it was queued (false: it is in no such state, or its status changed meanwhile)
     */
    public boolean requeue(long id, String expectedStatus) {
        if (!expectedStatus.equals("SCORED") && !expectedStatus.equals("FAILED")) {
            return false;
        }
        return jdbc.update(REQUEUE + " where id = ? and status = ?", id, expectedStatus) == 1;
    }

    /** Every SCORED or FAILED submission of a phase to QUEUED, for a rescore; returns their ids. */
    public List<Long> requeuePhase(long phaseId) {
        return jdbc.queryForList(REQUEUE + " where phase_id = ? and status in ('SCORED', 'FAILED') returning id",
                Long.class, phaseId);
    }

    // rescore_requested_at = now(): the time of the transaction that asks for the rescore.
    private static final String REQUEUE = """
            update submission set status = 'QUEUED', attempts = 0, errors = '{}', lease_expires_at = null,
                                  leased_by = null, scoring_started_at = null, rescore_requested_at = now()
            """;

    /** Submissions waiting to be scored, in every phase. */
    public long depth() {
        Long depth = jdbc.queryForObject("select count(*) from submission where status = 'QUEUED'", Long.class);
        return depth == null ? 0 : depth;
    }

    /** Submissions per status, every status present. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of("QUEUED", "SCORING", "SCORED", "FAILED", "CANCELLED")) {
            counts.put(status, 0L);
        }
        jdbc.query("select status, count(*) from submission group by status",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }
}
