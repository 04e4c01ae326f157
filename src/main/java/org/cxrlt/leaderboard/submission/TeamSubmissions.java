package org.cxrlt.leaderboard.submission;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.LeaderboardVersions;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.challenge.Selection;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.participant.ParticipantStatus;
import org.cxrlt.leaderboard.participant.Teams;
import org.cxrlt.leaderboard.scoring.SubmissionCheck;
import org.cxrlt.leaderboard.scoring.SubmissionQueue;
import org.cxrlt.leaderboard.system.HeaderLength;
import org.cxrlt.leaderboard.system.UploadSettings;
import org.springframework.util.unit.DataSize;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a team does with its submissions besides uploading: cancel a queued one, choose the one
 * that counts, check a file without submitting it.
 */
@Service
public class TeamSubmissions {

    private final Challenges challenges;
    private final Submissions submissions;
    private final SubmissionCheck check;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int validationsPerMinute;
    private final DataSize maxHeaderSize;
    private final Map<Long, Deque<Instant>> validations = new ConcurrentHashMap<>();

    private final SubmissionQueue queue;
    /** Resolves the caller's team in the challenge of the submission or phase at hand. */
    private final Enrolments enrolments;
    private final LeaderboardVersions leaderboards;

    TeamSubmissions(Challenges challenges, Submissions submissions, SubmissionCheck check, JdbcTemplate jdbc,
                    Clock clock, ValidationSettings validation, UploadSettings uploads, SubmissionQueue queue,
                    LeaderboardVersions leaderboards, Enrolments enrolments) {
        this.enrolments = enrolments;
        this.queue = queue;
        this.leaderboards = leaderboards;
        this.maxHeaderSize = uploads.maxHeaderSize();
        this.challenges = challenges;
        this.submissions = submissions;
        this.check = check;
        this.jdbc = jdbc;
        this.clock = clock;
        this.validationsPerMinute = validation.perMinute();
    }

    /**
     * A QUEUED submission of the caller's team becomes CANCELLED: never scored, and counted
     * against no quota. Atomic with the workers' claim, which takes only QUEUED submissions.
     */
    @Transactional
    public SubmissionView cancel(Caller caller, long id) {
        caller = enrolments.forSubmission(caller, id);
        long teamId = memberTeam(caller);
        if (!queue.cancel(id, teamId)) {
            List<String> status = jdbc.queryForList("select case when rescore_requested_at is not null "
                    + "and status = 'QUEUED' then 'RESCORE' else status end from submission where id = ? and team_id = ?",
                    String.class, id, teamId);
            if (status.isEmpty()) {
                throw SubmissionException.notFound("There is no submission " + id + " of your team.");
            }
            if (status.get(0).equals("RESCORE")) {
                throw SubmissionException.conflict("Submission " + id + " is queued to be re-scored by the organizers, "
                        + "which cannot be cancelled.");
            }
            throw SubmissionException.conflict("Submission " + id + " is " + status.get(0)
                    + ": only a QUEUED submission can be cancelled.");
        }
        return submissions.get(caller, id);
    }

    /**
     * Marks the submission that stands for the caller's team in a CHOSEN phase. Refused (409)
     * when the phase ranks otherwise, has closed, or the submission is not SCORED.
     */
    @Transactional
    public Chosen choose(Caller caller, long id) {
        caller = enrolments.forSubmission(caller, id);
        long teamId = memberTeam(caller);
        List<Candidate> found = jdbc.query("""
                select s.status, s.phase_id, s.disqualified_at is not null as disqualified, c.slug as challenge,
                       t.slug as task, p.slug as phase
                  from submission s
                  join phase p on p.id = s.phase_id
                  join task t on t.id = p.task_id
                  join challenge c on c.id = t.challenge_id
                 where s.id = ? and s.team_id = ?
                """, (rs, row) -> new Candidate(SubmissionStatus.valueOf(rs.getString("status")), rs.getLong("phase_id"),
                rs.getBoolean("disqualified"), rs.getString("challenge"), rs.getString("task"), rs.getString("phase")),
                id, teamId);
        if (found.isEmpty()) {
            throw SubmissionException.notFound("There is no submission " + id + " of your team.");
        }
        Candidate candidate = found.get(0);
        PhaseRef phase = challenges.resolve(candidate.challenge(), candidate.task(), candidate.phase());
        if (phase.rules().selection() != Selection.CHOSEN) {
            throw SubmissionException.conflict("The " + phase.describe() + " ranks each team's " + phase.rules().selection()
                    + " submission: choosing one applies only in a phase whose selection is CHOSEN.");
        }
        Instant now = clock.instant();
        if (phase.hasClosed(now)) {
            throw SubmissionException.conflict("The " + phase.describe() + " closed at " + phase.closesAt()
                    + ": the submission that counts can no longer change.");
        }
        if (candidate.status() != SubmissionStatus.SCORED) {
            throw SubmissionException.conflict("Submission " + id + " is " + candidate.status()
                    + ": only a SCORED submission can be chosen.");
        }
        if (candidate.disqualified()) {
            throw SubmissionException.conflict("Submission " + id + " was disqualified, so it cannot be chosen.");
        }
        jdbc.update("""
                insert into team_selection (phase_id, team_id, submission_id, chosen_at) values (?, ?, ?, ?)
                on conflict (phase_id, team_id) do update set submission_id = excluded.submission_id,
                                                             chosen_at = excluded.chosen_at
                """, phase.phaseId(), teamId, id, Timestamp.from(now));
        // The ranking changed: the cached leaderboard is stale.
        leaderboards.invalidate(phase.phaseId());
        return new Chosen(id, phase.challenge(), phase.task(), phase.phase(), caller.team(), now);
    }

    /**
     * The full check of a file against the phase's active answer key, as at scoring time, without
     * scoring or storing it; counts against no quota. {@link #admitValidation} first.
     */
    public SubmissionCheck.Result check(PhaseRef admitted, InputStreamSource file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            HeaderLength.check(in, maxHeaderSize);
        }
        try (InputStream in = file.getInputStream()) {
            return check.check(admitted.answerKeyId(), in);
        }
    }

    /** The checks of a validation that need no file, made before the upload is read; rate-limited per participant. */
    public PhaseRef admitValidation(Caller caller, String challenge, String task, String phase) {
        caller = enrolments.in(caller, challenge);
        memberTeam(caller);
        if (caller.status() != ParticipantStatus.APPROVED) {
            throw SubmissionException.notAllowed("Your registration is " + caller.status().name().toLowerCase()
                    + ": files can be checked once an organizer has approved it.");
        }
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        if (ref.answerKeyId() == null) {
            throw SubmissionException.conflict("The " + ref.describe() + " has no answer key yet, so there is nothing to "
                    + "check a file against.");
        }
        takeValidation(caller.participantId());
        return ref;
    }

    /** A sliding window of one minute per participant, kept in this instance's memory. */
    private void takeValidation(long participantId) {
        Instant now = clock.instant();
        Deque<Instant> recent = validations.computeIfAbsent(participantId, id -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
                recent.pollFirst();
            }
            if (recent.size() >= validationsPerMinute) {
                Duration wait = Duration.between(now, recent.peekFirst().plus(Duration.ofMinutes(1)));
                throw SubmissionException.tooMany("You have checked " + validationsPerMinute + " files in the last "
                        + "minute, the most allowed; try again in " + Math.max(1, (wait.toMillis() + 999) / 1000)
                        + " s.", wait);
            }
            recent.addLast(now);
        }
    }

    private static long memberTeam(Caller caller) {
        if (caller.organizer()) {
            throw SubmissionException.notAllowed("The organizer token belongs to no team: use a participant's token.");
        }
        if (caller.teamId() == null) {
            throw SubmissionException.notAllowed(Teams.noTeam(caller));
        }
        return caller.teamId();
    }

    private record Candidate(SubmissionStatus status, long phaseId, boolean disqualified, String challenge,
                             String task, String phase) {
    }
}
