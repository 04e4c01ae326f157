package org.cxrlt.leaderboard.robustness;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.challenge.Visibility;
import org.cxrlt.leaderboard.evaluation.RobustnessResult;
import org.cxrlt.leaderboard.leaderboard.LeaderboardEntry;
import org.cxrlt.leaderboard.leaderboard.LeaderboardSnapshots;
import org.cxrlt.leaderboard.leaderboard.Leaderboards;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Robustness analyses of phases' leaderboards: organizers start one (a background job, see
 * {@link RobustnessRunner}) and read it; a team reads its own entry's interval where the phase
 * lets it see scores.
 */
@Service
public class RobustnessAnalyses {

    private static final TypeReference<List<AnalysisView.EntryRef>> ENTRY_REFS = new TypeReference<>() {
    };
    private static final String SUMMARY_COLUMNS = """
            a.id, p.slug as phase, a.snapshot_name, a.answer_key_version, a.seed, a.replicates,
            jsonb_array_length(a.entries) as entry_count, a.status, a.automatic, a.progress_done, a.progress_total,
            a.requested_by, a.requested_at, a.started_at, a.finished_at, a.error
            """;

    private final Challenges challenges;
    private final Leaderboards leaderboards;
    private final LeaderboardSnapshots snapshots;
    private final OrganizerActions audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final RobustnessSettings settings;
    private final RobustnessRunner runner;
    /** Resolves the caller's team in the challenge at hand. */
    private final Enrolments enrolments;
    private final Clock clock;
    private final SecureRandom seeds = new SecureRandom();

    RobustnessAnalyses(Challenges challenges, Leaderboards leaderboards, LeaderboardSnapshots snapshots,
                       OrganizerActions audit, JdbcTemplate jdbc, TransactionTemplate transaction, JsonMapper json,
                       RobustnessSettings settings, RobustnessRunner runner, Clock clock, Enrolments enrolments) {
        this.enrolments = enrolments;
        this.challenges = challenges;
        this.leaderboards = leaderboards;
        this.snapshots = snapshots;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.settings = settings;
        this.runner = runner;
        this.clock = clock;
    }

    /**
     * Queues an analysis of the phase's leaderboard (or a snapshot of it): stored before this
     * returns, run in the background. The entries are the ranked teams (baselines take no rank and
     * are left out), each by the submission that stands for it.
     *
     * @throws RobustnessException 400: B out of bounds
     * @throws RobustnessException 404: unknown phase, snapshot or answer-key version
     * @throws RobustnessException 409: no answer key, or no ranked entry to analyse
     */
    public AnalysisView start(String challenge, String task, String phase, StartRequest request) {
        StartRequest asked = request == null ? new StartRequest(null, null, null, null) : request;
        int replicates = asked.replicates() == null ? settings.defaultReplicates() : asked.replicates();
        if (replicates < 1 || replicates > settings.maxReplicates()) {
            throw RobustnessException.invalid("replicates must be between 1 and " + settings.maxReplicates()
                    + ", was " + replicates + ".");
        }
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        long answerKeyId = answerKeyId(ref, asked.answerKeyVersion());
        List<AnalysisView.EntryRef> entries = entries(ref, asked.snapshot());
        if (entries.isEmpty()) {
            throw RobustnessException.conflict(asked.snapshot() == null
                    ? "The leaderboard of the " + ref.describe() + " has no ranked entry to analyse."
                    : "The snapshot '" + asked.snapshot() + "' of the " + ref.describe()
                    + " has no ranked entry to analyse.");
        }
        long seed = asked.seed() == null ? seeds.nextLong() : asked.seed();
        long id = transaction.execute(status -> {
            long inserted = insert(ref, asked.snapshot(), answerKeyId, seed, replicates, entries, false,
                    OrganizerActions.currentActor());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("analysis", inserted);
            after.put("snapshot", asked.snapshot());
            after.put("replicates", replicates);
            after.put("seed", seed);
            after.put("entries", entries.size());
            audit.record("robustness.start", ref.path(), null, after);
            return inserted;
        });
        runner.wake();
        return get(challenge, task, phase, id);
    }

    /**
     * Queues the automatic analysis of a snapshot (the {@code final} one), once however many
     * instances try; nothing when the phase has no answer key or the snapshot no ranked entry.
     *
     * @return whether this call queued it
     */
    boolean startAutomatic(String challenge, String task, String phase, String snapshot) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        if (ref.answerKeyId() == null) {
            return false;
        }
        List<AnalysisView.EntryRef> entries = entries(ref, snapshot);
        if (entries.isEmpty()) {
            return false;
        }
        long answerKeyId = ref.answerKeyId();
        long seed = seeds.nextLong();
        // a transaction of its own: this runs after the snapshot's transaction committed, whose
        // resources may still be bound to the thread
        TransactionTemplate own = new TransactionTemplate(transaction.getTransactionManager());
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        Boolean queued = own.execute(status -> {
            Long inserted = insertUnlessThere(ref, snapshot, answerKeyId, seed, settings.defaultReplicates(), entries);
            if (inserted == null) {
                return false;
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("analysis", inserted);
            after.put("snapshot", snapshot);
            after.put("replicates", settings.defaultReplicates());
            after.put("seed", seed);
            after.put("entries", entries.size());
            audit.record(OrganizerActions.SYSTEM, "robustness.start", ref.path(), null, after);
            return true;
        });
        if (Boolean.TRUE.equals(queued)) {
            runner.wake();
        }
        return Boolean.TRUE.equals(queued);
    }

    /** The phase's analyses, newest first. */
    public List<AnalysisSummary> list(String challenge, String task, String phase) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        return jdbc.query("select " + SUMMARY_COLUMNS + """
                  from robustness_analysis a join phase p on p.id = a.phase_id
                 where a.phase_id = ? order by a.requested_at desc, a.id desc
                """, RobustnessAnalyses::summary, ref.phaseId());
    }

    /** One analysis of the phase; 404 if there is none of that id in this phase. */
    public AnalysisView get(String challenge, String task, String phase, long id) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        List<AnalysisView> found = jdbc.query("select " + SUMMARY_COLUMNS + """
                       , a.entries::text as entry_refs, a.result::text as result_json
                  from robustness_analysis a join phase p on p.id = a.phase_id
                 where a.id = ? and a.phase_id = ?
                """, (rs, row) -> new AnalysisView(summary(rs, row), json.readValue(rs.getString("entry_refs"), ENTRY_REFS),
                rs.getString("result_json") == null ? null
                        : json.readValue(rs.getString("result_json"), RobustnessResult.class)), id, ref.phaseId());
        if (found.isEmpty()) {
            throw RobustnessException.notFound("The " + ref.describe() + " has no robustness analysis " + id + ".");
        }
        return found.get(0);
    }

    /** A finished analysis as CSV (see {@link RobustnessCsv}); 409 while it is not DONE. */
    public String csv(String challenge, String task, String phase, long id) {
        return RobustnessCsv.write(finished(challenge, task, phase, id));
    }

    /**
     * A picture of a finished analysis as SVG: {@code forest}, {@code ranks} or {@code pairs}
     * (see {@link RobustnessPictures}); 404 for another name, 409 while it is not DONE.
     */
    public String picture(String challenge, String task, String phase, long id, String kind) {
        if (!RobustnessPictures.KINDS.contains(kind)) {
            throw RobustnessException.notFound("There is no picture '" + kind + "'; there are "
                    + String.join(", ", RobustnessPictures.KINDS.stream().map(k -> k + ".svg").toList()) + ".");
        }
        AnalysisView view = finished(challenge, task, phase, id);
        String title = challenge + " / " + task + " / " + phase
                + (view.analysis().snapshot() == null ? "" : " (snapshot " + view.analysis().snapshot() + ")")
                + ", B = " + view.analysis().replicates();
        return RobustnessPictures.draw(kind, view.result(), title);
    }

    /** A finished analysis; 409 saying its status while it is not DONE. */
    public AnalysisView finished(String challenge, String task, String phase, long id) {
        AnalysisView view = get(challenge, task, phase, id);
        if (view.analysis().status() != AnalysisStatus.DONE) {
            throw RobustnessException.conflict("Robustness analysis " + id + " is " + view.analysis().status()
                    + (view.analysis().status() == AnalysisStatus.FAILED ? " (" + view.analysis().error() + ")"
                    : " (" + view.analysis().progressDone() + " of " + view.analysis().progressTotal()
                    + " entry-replicates done)") + "; its results are there once it is DONE.");
        }
        return view;
    }

    /**
     * The caller's team's entry in the phase's latest finished analysis that has it. Shown only
     * where the team may see scores: 403 for an organizers-only phase, and for a phase hidden
     * until it closes, before it closes; 404 when no finished analysis has the team.
     */
    public OwnInterval mine(Caller caller, String challenge, String task, String phase) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Visibility visibility = ref.rules() == null ? Visibility.PUBLIC : ref.rules().visibility();
        if (visibility == Visibility.ORGANIZERS_ONLY) {
            throw RobustnessException.notAllowed("Scores of the " + ref.describe() + " are shown to organizers only, "
                    + "and so are their confidence intervals.");
        }
        if (visibility == Visibility.HIDDEN_UNTIL_CLOSE && !ref.hasClosed(clock.instant())) {
            throw RobustnessException.notAllowed("Scores of the " + ref.describe() + " are hidden until it closes"
                    + (ref.closesAt() == null ? "" : " at " + ref.closesAt())
                    + ", and so are their confidence intervals.");
        }
        caller = enrolments.in(caller, challenge);
        if (caller == null || caller.teamId() == null) {
            throw RobustnessException.notAllowed("Only a member of a team (of this challenge) has an entry of its own.");
        }
        List<Long> done = jdbc.queryForList("""
                select id from robustness_analysis where phase_id = ? and status = 'DONE'
                 order by finished_at desc, id desc
                """, Long.class, ref.phaseId());
        for (long id : done) {
            AnalysisView view = get(challenge, task, phase, id);
            for (int e = 0; e < view.entries().size(); e++) {
                AnalysisView.EntryRef entry = view.entries().get(e);
                if (entry.team().equalsIgnoreCase(caller.team())) {
                    RobustnessResult.Entry r = view.result().entries().get(e);
                    AnalysisSummary s = view.analysis();
                    return new OwnInterval(s.id(), s.snapshot(), s.replicates(), s.seed(), s.answerKeyVersion(),
                            s.finishedAt(), entry.team(), entry.submissionId(), r.mAP(), r.mAPLow(), r.mAPHigh(),
                            r.rank(), r.rankMedian(), r.rankLow(), r.rankHigh(), r.pFirst(), view.entries().size());
                }
            }
        }
        throw RobustnessException.notFound("No finished robustness analysis of the " + ref.describe()
                + " has an entry of team '" + caller.team() + "'.");
    }

    private long answerKeyId(PhaseRef ref, Integer version) {
        if (version == null) {
            if (ref.answerKeyId() == null) {
                throw RobustnessException.conflict("The " + ref.describe() + " has no answer key: there is nothing to "
                        + "score the entries against.");
            }
            return ref.answerKeyId();
        }
        List<Long> found = jdbc.queryForList("select id from answer_key where phase_id = ? and version = ?",
                Long.class, ref.phaseId(), version);
        if (found.isEmpty()) {
            throw RobustnessException.notFound("The " + ref.describe() + " has no answer key version " + version + ".");
        }
        return found.get(0);
    }

    private List<AnalysisView.EntryRef> entries(PhaseRef ref, String snapshot) {
        List<LeaderboardEntry> entries = snapshot == null
                ? leaderboards.leaderboard(ref.challenge(), ref.task(), ref.phase()).leaderboard().entries()
                : snapshots.get(ref.challenge(), ref.task(), ref.phase(), snapshot, true).leaderboard().entries();
        return entries.stream().filter(e -> !e.baseline())
                .map(e -> new AnalysisView.EntryRef(e.team(), e.submissionId())).toList();
    }

    private long insert(PhaseRef ref, String snapshot, long answerKeyId, long seed, int replicates,
                        List<AnalysisView.EntryRef> entries, boolean automatic, String actor) {
        return jdbc.queryForObject("""
                insert into robustness_analysis (phase_id, snapshot_name, answer_key_id, answer_key_version, seed,
                       replicates, entries, status, automatic, progress_total, requested_by)
                select ?, ?, k.id, k.version, ?, ?, ?::jsonb, 'QUEUED', ?, ?, ? from answer_key k where k.id = ?
                returning id
                """, Long.class, ref.phaseId(), snapshot, seed, replicates, json.writeValueAsString(entries), automatic,
                (long) replicates * entries.size(), actor, answerKeyId);
    }

    private Long insertUnlessThere(PhaseRef ref, String snapshot, long answerKeyId, long seed, int replicates,
                                   List<AnalysisView.EntryRef> entries) {
        List<Long> inserted = jdbc.queryForList("""
                insert into robustness_analysis (phase_id, snapshot_name, answer_key_id, answer_key_version, seed,
                       replicates, entries, status, automatic, progress_total, requested_by)
                select ?, ?, k.id, k.version, ?, ?, ?::jsonb, 'QUEUED', true, ?, ? from answer_key k where k.id = ?
                on conflict (phase_id, snapshot_name) where automatic do nothing
                returning id
                """, Long.class, ref.phaseId(), snapshot, seed, replicates, json.writeValueAsString(entries),
                (long) replicates * entries.size(), OrganizerActions.SYSTEM, answerKeyId);
        return inserted.isEmpty() ? null : inserted.get(0);
    }

    private static AnalysisSummary summary(ResultSet rs, int row) throws SQLException {
        return new AnalysisSummary(rs.getLong("id"), rs.getString("phase"), rs.getString("snapshot_name"),
                rs.getInt("answer_key_version"), rs.getLong("seed"), rs.getInt("replicates"), rs.getInt("entry_count"),
                AnalysisStatus.valueOf(rs.getString("status")), rs.getBoolean("automatic"), rs.getLong("progress_done"),
                rs.getLong("progress_total"), rs.getString("requested_by"), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getString("error"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
