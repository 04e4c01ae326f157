package org.cxrlt.leaderboard.leaderboard;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.challenge.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Frozen leaderboards: the ranking of a phase as it stood, stored as JSON under a name and never
 * changed afterwards. A test phase is frozen as {@code final} once it closes, exactly once
 * however many instances notice it: the (phase, name) pair is unique.
 */
@Service
public class LeaderboardSnapshots {

    /** The snapshot taken when a test phase closes, and the default name of a freeze. */
    public static final String FINAL = "final";

    private static final Logger log = LoggerFactory.getLogger(LeaderboardSnapshots.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Challenges challenges;
    private final Leaderboards leaderboards;
    private final OrganizerActions audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LeaderboardSnapshots(Challenges challenges, Leaderboards leaderboards, OrganizerActions audit, JdbcTemplate jdbc,
                         TransactionTemplate transaction, JsonMapper json, ApplicationEventPublisher events,
                         Clock clock) {
        this.clock = clock;
        this.challenges = challenges;
        this.leaderboards = leaderboards;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.events = events;
    }

    /** Stores the leaderboard as it stands under {@code name} ({@code final} when null); 409 if the name is taken. */
    public Snapshot freeze(String challenge, String task, String phase, String name) {
        String checked = name == null || name.isBlank() ? FINAL : name.trim();
        if (!NAME.matcher(checked).matches()) {
            throw LeaderboardException.invalid("A snapshot name is 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit; '" + checked + "' is not.");
        }
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Snapshot taken = take(ref, checked, OrganizerActions.currentActor());
        if (taken == null) {
            Snapshot existing = find(ref, checked);
            throw LeaderboardException.conflict("The " + ref.describe() + " already has a leaderboard snapshot named '"
                    + checked + "', taken at " + (existing == null ? "an earlier time" : existing.takenAt())
                    + "; snapshots never change: choose another name.");
        }
        return taken;
    }

    /**
     * The snapshot of that name; 404 saying so when there is none (a closed test phase is frozen
     * first). The phase's visibility applies to snapshots as to the live leaderboard: others than
     * organizers get 403 when it is for organizers only, and the entries without scores or ranks
     * (by team name, as {@link Leaderboards#leaderboardFor} shows them) while a hidden phase has not closed.
     */
    public Snapshot get(String challenge, String task, String phase, String name, boolean organizer) {
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Visibility visibility = ref.rules() == null ? Visibility.PUBLIC : ref.rules().visibility();
        if (!organizer && visibility == Visibility.ORGANIZERS_ONLY) {
            throw LeaderboardException.notAllowed("The leaderboard of " + ref.describe() + " is shown to organizers only.");
        }
        boolean withoutScores = !organizer && visibility == Visibility.HIDDEN_UNTIL_CLOSE
                && !ref.hasClosed(clock.instant());
        Snapshot found = find(ref, name);
        if (found == null && FINAL.equals(name) && isDue(ref.phase(), ref.closesAt())) {
            take(ref, FINAL, OrganizerActions.SYSTEM);
            found = find(ref, name);
        }
        if (found == null) {
            throw LeaderboardException.notFound("The " + ref.describe() + " has no leaderboard snapshot named '" + name
                    + "'" + (FINAL.equals(name) ? ": it is taken when an organizer freezes the leaderboard, or "
                    + "when a test phase closes." : "."));
        }
        return withoutScores ? found.withoutScores() : found;
    }

    /**
     * Freezes every test phase that has closed and has no {@code final} snapshot yet. Safe to run
     * on every instance at once: the unique (phase, name) keeps one snapshot, and one audit entry.
     *
     * @return how many this call froze
     */
    public int freezeClosedTestPhases() {
        List<String[]> due = jdbc.query("""
                select c.slug, t.slug, p.slug from phase p
                  join task t on t.id = p.task_id
                  join challenge c on c.id = t.challenge_id
                 where p.slug = 'test' and p.closes_at <= ?
                   and not exists (select 1 from leaderboard_snapshot s where s.phase_id = p.id and s.name = ?)
                """, (rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                Timestamp.from(clock.instant()), FINAL);
        int frozen = 0;
        for (String[] phase : due) {
            PhaseRef ref = challenges.resolve(phase[0], phase[1], phase[2]);
            if (take(ref, FINAL, OrganizerActions.SYSTEM) != null) {
                log.info("The {} closed at {}: its leaderboard is frozen as '{}'", ref.describe(), ref.closesAt(),
                        FINAL);
                frozen++;
            }
        }
        return frozen;
    }

    private boolean isDue(String phase, Instant closesAt) {
        return "test".equals(phase) && closesAt != null && !closesAt.isAfter(clock.instant());
    }

    /** Inserts the snapshot unless the name is taken; null when it was. */
    private Snapshot take(PhaseRef ref, String name, String actor) {
        Leaderboard leaderboard = leaderboards.leaderboard(ref.challenge(), ref.task(), ref.phase()).leaderboard();
        String content = json.writeValueAsString(leaderboard);
        return transaction.execute(status -> {
            List<Snapshot> inserted = jdbc.query("""
                    insert into leaderboard_snapshot (phase_id, name, taken_by, content) values (?, ?, ?, ?::jsonb)
                    on conflict (phase_id, name) do nothing
                    returning name, taken_at, taken_by
                    """, (rs, row) -> new Snapshot(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                    leaderboard), ref.phaseId(), name, actor, content);
            if (inserted.isEmpty()) {
                return null;
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("name", name);
            after.put("entries", leaderboard.entries().size());
            after.put("takenAt", inserted.get(0).takenAt());
            audit.record(actor, "leaderboard.freeze", ref.path(), null, after);
            events.publishEvent(new SnapshotTaken(ref.challenge(), ref.task(), ref.phase(), name));
            return inserted.get(0);
        });
    }

    private Snapshot find(PhaseRef ref, String name) {
        List<Snapshot> found = jdbc.query("""
                select name, taken_at, taken_by, content::text from leaderboard_snapshot where phase_id = ? and name = ?
                """, (rs, row) -> new Snapshot(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                json.readValue(rs.getString(4), Leaderboard.class)), ref.phaseId(), name);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * A frozen leaderboard.
     *
     * @param hiddenCsv the CSV of a leaderboard shown without scores, else null (computed from the entries)
     */
    public record Snapshot(String name, Instant takenAt, String takenBy, Leaderboard leaderboard, String hiddenCsv) {

        Snapshot(String name, Instant takenAt, String takenBy, Leaderboard leaderboard) {
            this(name, takenAt, takenBy, leaderboard, null);
        }

        public String csv() {
            return hiddenCsv != null ? hiddenCsv : Leaderboards.csv(leaderboard.entries(), leaderboard.metricsOrAll());
        }

        Snapshot withoutScores() {
            RankedLeaderboard hidden = Leaderboards.hide(leaderboard);
            return new Snapshot(name, takenAt, takenBy, hidden.leaderboard(), hidden.csv());
        }
    }
}
