package org.cxrlt.leaderboard.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.SubmissionHeader;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.ParticipantStatus;
import org.cxrlt.leaderboard.participant.Teams;
import org.cxrlt.leaderboard.scoring.Groups;
import org.cxrlt.leaderboard.scoring.LabelResult;
import org.cxrlt.leaderboard.scoring.Means;
import org.cxrlt.leaderboard.scoring.ScoreStore;
import org.cxrlt.leaderboard.scoring.SubmissionQueue;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.ConflictException;
import org.cxrlt.leaderboard.system.InvalidRequestException;
import org.cxrlt.leaderboard.system.NotAllowedException;
import org.cxrlt.leaderboard.system.NotFoundException;
import org.cxrlt.leaderboard.system.RefusedFileException;
import org.cxrlt.leaderboard.system.Sizes;
import org.cxrlt.leaderboard.system.TooLargeException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Accepting submissions: the quick checks answer at once, before anything is stored; an accepted
 * file is stored and queued in one transaction, so a 202 is never lost.
 */
@Service
public class Submissions {

    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_PAGE_SIZE = 100;

    static final String VIEW_QUERY = """
            select s.id, c.slug as challenge, t.slug as task, p.slug as phase, coalesce(tm.name, s.baseline_name) as team,
                   s.team_id,
                   s.status, s.submitted_at, s.scored_at, s.description, s.file_name, s.file_size, s.errors,
                   s.warnings, sc.map, sc.mauroc, sc.mf1, sc.mece, sc.head_map, sc.medium_map, sc.tail_map,
                   sc.answer_key_id, s.baseline_name, s.disqualification_reason
              from submission s
              join phase p on p.id = s.phase_id
              -- the score against the active answer key, else the latest one (kept until rescored)
              left join lateral (select x.* from score x where x.submission_id = s.id
                                  order by x.answer_key_id = p.active_answer_key_id desc, x.scored_at desc
                                  limit 1) sc on true
              join task t on t.id = p.task_id
              join challenge c on c.id = t.challenge_id
              left join team tm on tm.id = s.team_id
            """;

    private final Challenges challenges;
    private final SubmissionQueue queue;
    private final ScoreStore scores;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReadLimits limits;
    private final DataSize maxUploadSize;
    private final Clock clock;
    private final Quotas quotas;

    Submissions(Challenges challenges, SubmissionQueue queue, ScoreStore scores, JdbcTemplate jdbc,
                TransactionTemplate transaction, ReadLimits limits,
                @Value("${spring.servlet.multipart.max-file-size}") DataSize maxUploadSize, Clock clock,
                Quotas quotas) {
        this.quotas = quotas;
        this.challenges = challenges;
        this.queue = queue;
        this.scores = scores;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.limits = limits;
        this.maxUploadSize = maxUploadSize;
        this.clock = clock;
    }

    /** A participant's upload: every quick check first, then stored and queued. */
    public SubmissionView submit(Caller caller, String challenge, String task, String phase, InputStreamSource file,
                                 String fileName, long size, String description) throws IOException {
        PhaseRef ref = admit(caller, challenge, task, phase);
        return enqueue(ref, caller.teamId(), caller.participantId(), file, fileName, size, description);
    }

    /**
     * The checks that need no file: who submits, to which phase, and whether it takes uploads.
     * Made before the upload is read, so that a refused client need not send it (curl waits for
     * "100 Continue" before sending a large body, which the server sends only when it reads it).
     *
     * @return the phase to submit to
     */
    public PhaseRef admit(Caller caller, String challenge, String task, String phase) {
        mayCallerSubmit(caller);
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Instant now = clock.instant();
        if (now.isBefore(ref.opensAt())) {
            throw new ConflictException("The " + ref.describe() + " is not open yet: it opens at " + ref.opensAt() + ".");
        }
        if (!ref.isOpen(now)) {
            throw new ConflictException("The " + ref.describe() + " is closed: it closed at " + ref.closesAt() + ".");
        }
        if (ref.rules().paused()) {
            throw new ConflictException("The " + ref.describe() + " is paused by the organizers: uploads are "
                    + "refused until they resume it.");
        }
        if (ref.answerKeyId() == null) {
            throw new ConflictException("The " + ref.describe() + " has no answer key yet, so nothing can be "
                    + "scored; submit again once the organizers have uploaded it.");
        }
        quotas.check(caller.teamId(), ref); // early answer; the binding check is made when storing
        return ref;
    }

    /**
     * The checks and storing of any submission, also those not made over HTTP (demo data).
     * The phase must have an answer key.
     */
    public SubmissionView enqueue(PhaseRef phase, long teamId, Long participantId, InputStreamSource file,
                                  String fileName, long size, String description) throws IOException {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new InvalidRequestException("The description is longer than " + MAX_DESCRIPTION + " characters.");
        }
        if (size > maxUploadSize.toBytes()) {
            throw new TooLargeException("The file is larger than the limit of " + Sizes.describe(maxUploadSize) + ".");
        }
        if (size == 0) {
            throw new RefusedFileException("The file is empty.", List.of("The file is empty."));
        }
        try (InputStream in = file.getInputStream()) {
            SubmissionHeader.check(in, phase.labels(), limits);
        } catch (RefusedInputException e) {
            throw RefusedFileException.of("The file", e);
        }
        long id;
        try (CompressedUpload stored = CompressedUpload.of(file, size)) {
            id = transaction.execute(status -> store(phase, teamId, participantId, stored, fileName, size,
                    description));
        }
        return view(id, true);
    }

    /** One submission, for its team or an organizer; 404 for anyone else, who may not know it exists. */
    public SubmissionView get(Caller caller, long id) {
        SubmissionView view = view(id, true);
        if (!caller.organizer() && !ownedBy(id, caller.teamId())) {
            throw new NotFoundException("There is no submission " + id + " of your team.");
        }
        return caller.organizer() ? view : withoutHiddenLabels(view);
    }

    /** Per-label scores are left out for participants while the phase runs, if its rules say so. */
    private SubmissionView withoutHiddenLabels(SubmissionView view) {
        if (view.labels() == null) {
            return view;
        }
        PhaseRef phase = challenges.resolve(view.challenge(), view.task(), view.phase());
        if (phase.rules().labelScoresVisible() || phase.hasClosed(clock.instant())) {
            return view;
        }
        return new SubmissionView(view.id(), view.challenge(), view.task(), view.phase(), view.team(), view.status(),
                view.submittedAt(), view.scoredAt(), view.description(), view.fileName(), view.fileSize(),
                view.scores(), view.groups(), null, view.errors(), view.warnings(), view.baseline(),
                view.disqualified());
    }

    /** The caller's team's submissions in a phase, newest first, without per-label results. */
    public SubmissionPage list(Caller caller, String challenge, String task, String phase, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE + ".");
        }
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        if (caller.organizer()) {
            throw new NotAllowedException("Only participants have submissions; the organizer token belongs to no team.");
        }
        if (caller.teamId() == null) {
            throw new NotAllowedException(Teams.noTeam(caller));
        }
        Long total = jdbc.queryForObject("select count(*) from submission where phase_id = ? and team_id = ?",
                Long.class, ref.phaseId(), caller.teamId());
        List<SubmissionView> items = jdbc.query(VIEW_QUERY
                        + " where s.phase_id = ? and s.team_id = ? order by s.submitted_at desc, s.id desc limit ? offset ?",
                (rs, row) -> toView(rs, false), ref.phaseId(), caller.teamId(), size, (long) page * size);
        long totalItems = total == null ? 0 : total;
        return new SubmissionPage(items, page, size, totalItems, (int) ((totalItems + size - 1) / size));
    }

    private void mayCallerSubmit(Caller caller) {
        if (caller.organizer()) {
            throw new NotAllowedException("The organizer token belongs to no team: submit with a participant's token.");
        }
        if (caller.status() == ParticipantStatus.PENDING) {
            throw new NotAllowedException("Your registration is still pending: you can submit once an organizer "
                    + "has approved it.");
        }
        if (caller.status() == ParticipantStatus.REJECTED) {
            throw new NotAllowedException("Your registration was rejected"
                    + (caller.rejectionReason() == null ? "" : " (" + caller.rejectionReason() + ")")
                    + ", so you cannot submit.");
        }
        if (caller.teamId() == null) {
            throw new NotAllowedException(Teams.noTeam(caller) + " Submissions are made for a team.");
        }
    }

    private long store(PhaseRef phase, long teamId, Long participantId, CompressedUpload file, String fileName,
                       long size, String description) {
        quotas.reserve(teamId, phase);
        Long id = jdbc.queryForObject("""
                insert into submission (phase_id, team_id, participant_id, status, description, file_name, file_size,
                                        submitted_at)
                values (?, ?, ?, 'QUEUED', ?, ?, ?, ?) returning id
                """, Long.class, phase.phaseId(), teamId, participantId, description, fileName, size,
                Timestamp.from(clock.instant()));
        try (InputStream content = file.open()) {
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement(
                        "insert into submission_file (submission_id, compression, content) values (?, ?, ?)");
                insert.setLong(1, id);
                insert.setString(2, file.compression().name());
                insert.setBinaryStream(3, content, Math.toIntExact(file.length()));
                return insert;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queue.announce(id);
        return id;
    }

    private boolean ownedBy(long id, Long teamId) {
        if (teamId == null) {
            return false;
        }
        Integer found = jdbc.queryForObject("select count(*) from submission where id = ? and team_id = ?",
                Integer.class, id, teamId);
        return found != null && found > 0;
    }

    SubmissionView view(long id, boolean withLabels) {
        List<SubmissionView> found = jdbc.query(VIEW_QUERY + " where s.id = ?", (rs, row) -> toView(rs, withLabels),
                id);
        if (found.isEmpty()) {
            throw new NotFoundException("There is no submission " + id + " of your team.");
        }
        return found.get(0);
    }

    SubmissionView toView(ResultSet rs, boolean withLabels) throws SQLException {
        long id = rs.getLong("id");
        SubmissionStatus status = SubmissionStatus.valueOf(rs.getString("status"));
        boolean scored = status == SubmissionStatus.SCORED && rs.getObject("map") != null;
        Means means = scored ? new Means(rs.getDouble("map"), rs.getDouble("mauroc"), rs.getDouble("mf1"),
                rs.getDouble("mece")) : null;
        Groups groups = scored ? new Groups((Double) rs.getObject("head_map"), (Double) rs.getObject("medium_map"),
                (Double) rs.getObject("tail_map")) : null;
        List<LabelResult> labels = scored && withLabels ? scores.labels(id, rs.getLong("answer_key_id")) : null;
        Timestamp scoredAt = rs.getTimestamp("scored_at");
        return new SubmissionView(id, rs.getString("challenge"), rs.getString("task"), rs.getString("phase"),
                rs.getString("team"), status, rs.getTimestamp("submitted_at").toInstant(),
                scoredAt == null ? null : scoredAt.toInstant(), rs.getString("description"), rs.getString("file_name"),
                rs.getLong("file_size"), means, groups, labels,
                strings(rs.getArray("errors")), strings(rs.getArray("warnings")), rs.getString("baseline_name") != null,
                rs.getString("disqualification_reason"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
