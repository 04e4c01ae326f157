package org.cxrlt.leaderboard.submission;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.challenge.PhaseRules;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.participant.Teams;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Submission quotas per team and phase: per UTC day, in total, and in flight (QUEUED plus
 * SCORING). FAILED and CANCELLED submissions do not count, nor do refused uploads (never stored).
 * The binding check runs in the transaction that inserts the submission, after taking a
 * transaction-scoped advisory lock on (team, phase): uploads of one team to one phase are counted
 * one after another, on every instance, so a last remaining submission is given exactly once.
 */
@Service
public class Quotas {

    private static final String USAGE = """
            select count(*) filter (where submitted_at >= ?) as today,
                   count(*) as total,
                   count(*) filter (where status in ('QUEUED', 'SCORING') and rescore_requested_at is null) as in_flight
              from submission
             where phase_id = ? and team_id = ? and status not in ('FAILED', 'CANCELLED')
            """;

    private final Challenges challenges;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    /** Resolves the caller's team in the challenge at hand. */
    private final Enrolments enrolments;

    Quotas(Challenges challenges, JdbcTemplate jdbc, Clock clock, Enrolments enrolments) {
        this.enrolments = enrolments;
        this.challenges = challenges;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The caller's team's usage of a phase. */
    @Transactional(readOnly = true)
    public QuotaView usage(Caller caller, String challenge, String task, String phase) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        caller = enrolments.in(caller, challenge);
        if (caller.organizer()) {
            throw SubmissionException.notAllowed("Quotas are per team; the organizer token belongs to no team.");
        }
        if (caller.teamId() == null) {
            throw SubmissionException.notAllowed(Teams.noTeam(caller));
        }
        return usage(caller.teamId(), ref);
    }

    /** Refuses (429) an upload the team has no quota left for; no lock, so that it can answer before the upload is read. */
    void check(long teamId, PhaseRef phase) {
        refuseIfExhausted(usage(teamId, phase), phase);
    }

    /**
     * The binding check: locks the team's quota of the phase until the surrounding transaction
     * ends, then counts. The transaction must insert the submission before it commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void reserve(long teamId, PhaseRef phase) {
        PhaseRules rules = phase.rules();
        if (rules.maxPerDay() == null && rules.maxTotal() == null && rules.maxInFlight() == null) {
            return;
        }
        // The two-int form keeps these locks apart from the one-bigint locks used elsewhere.
        jdbc.queryForList("select pg_advisory_xact_lock(?, ?)", (int) (teamId % Integer.MAX_VALUE),
                (int) (phase.phaseId() % Integer.MAX_VALUE));
        refuseIfExhausted(usage(teamId, phase), phase);
    }

    private QuotaView usage(long teamId, PhaseRef phase) {
        Instant now = clock.instant();
        Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
        PhaseRules rules = phase.rules();
        return jdbc.queryForObject(USAGE, (rs, row) -> {
            long today = rs.getLong("today");
            long total = rs.getLong("total");
            long inFlight = rs.getLong("in_flight");
            return new QuotaView(today, remaining(rules.maxPerDay(), today), total, remaining(rules.maxTotal(), total),
                    inFlight, remaining(rules.maxInFlight(), inFlight), midnight.plus(1, ChronoUnit.DAYS),
                    rules.maxPerDay(), rules.maxTotal(), rules.maxInFlight());
        }, Timestamp.from(midnight), phase.phaseId(), teamId);
    }

    private void refuseIfExhausted(QuotaView usage, PhaseRef phase) {
        if (usage.remainingTotal() != null && usage.remainingTotal() == 0) {
            throw SubmissionException.tooMany("Your team has used all " + usage.maxTotal() + " submissions allowed in "
                    + "the " + phase.describe() + " (maxTotal); failed and cancelled ones do not count.", null);
        }
        if (usage.remainingToday() != null && usage.remainingToday() == 0) {
            throw SubmissionException.tooMany("Your team has used its " + usage.maxPerDay() + " submissions of today "
                    + "in the " + phase.describe() + " (maxPerDay); the daily limit resets at " + usage.resetsAt()
                    + " (midnight UTC).", Duration.between(clock.instant(), usage.resetsAt()));
        }
        if (usage.remainingInFlight() != null && usage.remainingInFlight() == 0) {
            throw SubmissionException.tooMany("Your team already has " + usage.inFlight() + " submissions queued or "
                    + "being scored in the " + phase.describe() + ", the most allowed at once (maxInFlight): wait "
                    + "for one to finish, or cancel a queued one.", null);
        }
    }

    private static Long remaining(Integer limit, long used) {
        return limit == null ? null : Math.max(0, limit - used);
    }
}
