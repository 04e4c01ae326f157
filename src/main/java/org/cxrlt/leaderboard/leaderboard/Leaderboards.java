package org.cxrlt.leaderboard.leaderboard;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.Visibility;
import org.cxrlt.leaderboard.system.NotAllowedException;
import org.cxrlt.leaderboard.scoring.Groups;
import org.cxrlt.leaderboard.scoring.Means;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Leaderboards: one entry per team, its best scored submission by mAP against the phase's active
 * answer key. Each is computed once per version of the phase (bumped in the transaction that
 * stores a score) and served from memory until the version changes; reading the version is one
 * indexed query, so a newly scored submission shows at the next request.
 */
@Service
public class Leaderboards {

    private static final String RANKING = """
            with best as (
                select distinct on (s.team_id) s.team_id, s.id, s.submitted_at, sc.map, sc.mauroc, sc.mf1, sc.mece,
                       sc.head_map, sc.medium_map, sc.tail_map
                  from submission s
                  join score sc on sc.submission_id = s.id
                  left join team_selection sel on sel.phase_id = s.phase_id and sel.team_id = s.team_id
                 where s.phase_id = ? and s.status = 'SCORED' and sc.answer_key_id = ?
                   and s.disqualified_at is null and s.team_id is not null
                 order by s.team_id,
                       -- the phase's selection: CHOSEN puts the team's choice first, LATEST the latest
                       case when ? = 'CHOSEN' and s.id = sel.submission_id then 0 else 1 end,
                       case when ? = 'LATEST' then s.submitted_at end desc nulls last,
                       case when ? = 'LATEST' then s.id end desc nulls last,
                       sc.map desc, s.submitted_at, s.id
            )
            select b.*, t.name as team, rank() over (order by b.map desc) as rank,
                   (select count(*) from submission x where x.phase_id = ? and x.team_id = b.team_id) as submissions
              from best b
              join team t on t.id = b.team_id
             order by b.map desc, b.submitted_at, b.id
            """;

    /** Baselines: each one's best scored upload, unranked. */
    private static final String BASELINES = """
            select distinct on (s.baseline_name) s.baseline_name as team, s.id, s.submitted_at, sc.map, sc.mauroc,
                   sc.mf1, sc.mece, sc.head_map, sc.medium_map, sc.tail_map
              from submission s
              join score sc on sc.submission_id = s.id
             where s.phase_id = ? and s.status = 'SCORED' and sc.answer_key_id = ?
               and s.disqualified_at is null and s.baseline_name is not null
             order by s.baseline_name, sc.map desc, s.submitted_at, s.id
            """;

    private final Challenges challenges;
    private final JdbcTemplate jdbc;
    private final Map<Long, RankedLeaderboard> cache = new ConcurrentHashMap<>();
    /** The HIDDEN_UNTIL_CLOSE phases' leaderboards as non-organizers see them. */
    private final Map<Long, RankedLeaderboard> hidden = new ConcurrentHashMap<>();
    private final Clock clock;

    Leaderboards(Challenges challenges, JdbcTemplate jdbc, Clock clock) {
        this.challenges = challenges;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The whole leaderboard, as organizers see it whatever the phase's visibility. */
    public RankedLeaderboard leaderboard(String challenge, String task, String phase) {
        return full(challenge, task, phase, current(challenge, task, phase));
    }

    /**
     * The leaderboard as its audience may see it under the phase's visibility: organizers see it
     * whole; others are refused an ORGANIZERS_ONLY one (403) and get a HIDDEN_UNTIL_CLOSE one
     * without scores or ranks, teams in alphabetical order, until the phase closes. The version
     * (the ETag) names the audience, so that no cache serves one audience's copy to another.
     */
    public RankedLeaderboard leaderboardFor(String challenge, String task, String phase, boolean organizer) {
        PhaseVersion current = current(challenge, task, phase);
        RankedLeaderboard full = full(challenge, task, phase, current);
        if (organizer) {
            return new RankedLeaderboard(full.leaderboard(), full.csv(), full.version() + "-organizer");
        }
        Visibility visibility = Visibility.valueOf(current.visibility());
        if (visibility == Visibility.ORGANIZERS_ONLY) {
            throw new NotAllowedException("The leaderboard of phase '" + phase + "' of " + task + " in " + challenge
                    + " is shown to organizers only.");
        }
        Instant now = clock.instant();
        boolean closed = current.closesAt() != null && !now.isBefore(current.closesAt().toInstant());
        if (visibility == Visibility.HIDDEN_UNTIL_CLOSE && !closed) {
            String version = full.version() + "-hidden";
            RankedLeaderboard cached = hidden.get(current.phaseId());
            if (cached != null && cached.version().equals(version)) {
                return cached;
            }
            RankedLeaderboard computed = hide(full.leaderboard(), version);
            hidden.put(current.phaseId(), computed);
            return computed;
        }
        return full;
    }

    /** Entries without scores or ranks, by team name: who takes part, not who leads. */
    static RankedLeaderboard hide(Leaderboard full, String version) {
        List<LeaderboardEntry> entries = full.entries().stream()
                .map(e -> new LeaderboardEntry(null, e.team(), e.submissionId(), e.submittedAt(), null, null,
                        e.submissions(), e.baseline()))
                .sorted(java.util.Comparator.comparing(LeaderboardEntry::team, String.CASE_INSENSITIVE_ORDER))
                .toList();
        StringBuilder csv = new StringBuilder("team,submissionId,submittedAt,submissions,baseline\n");
        for (LeaderboardEntry entry : entries) {
            csv.append(quoted(entry.team())).append(',').append(entry.submissionId()).append(',')
                    .append(entry.submittedAt()).append(',').append(entry.submissions()).append(',')
                    .append(entry.baseline()).append('\n');
        }
        return new RankedLeaderboard(new Leaderboard(full.challenge(), full.task(), full.phase(), full.rankedBy(),
                full.updatedAt(), entries), csv.toString(), version);
    }

    private PhaseVersion current(String challenge, String task, String phase) {
        List<PhaseVersion> found = jdbc.query("""
                select p.id, p.leaderboard_version, p.leaderboard_updated_at, p.active_answer_key_id,
                       p.selection, p.visibility, p.closes_at
                  from phase p
                  join task t on t.id = p.task_id
                  join challenge c on c.id = t.challenge_id
                 where c.slug = ? and t.slug = ? and p.slug = ?
                """, (rs, row) -> new PhaseVersion(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3),
                (Long) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7)), challenge, task, phase);
        if (found.isEmpty()) {
            challenges.resolve(challenge, task, phase); // throws the 404 naming what is unknown
            throw new IllegalStateException("phase vanished while being read");
        }
        return found.get(0);
    }

    private RankedLeaderboard full(String challenge, String task, String phase, PhaseVersion current) {
        String version = current.phaseId() + "-" + current.version() + "-" + current.answerKeyId() + "-"
                + current.selection();
        RankedLeaderboard cached = cache.get(current.phaseId());
        if (cached != null && cached.version().equals(version)) {
            return cached;
        }
        RankedLeaderboard computed = compute(challenge, task, phase, current, version);
        cache.put(current.phaseId(), computed);
        return computed;
    }

    private RankedLeaderboard compute(String challenge, String task, String phase, PhaseVersion current,
                                      String version) {
        List<LeaderboardEntry> entries = current.answerKeyId() == null ? List.of() : jdbc.query(RANKING,
                (rs, row) -> new LeaderboardEntry(rs.getInt("rank"), rs.getString("team"), rs.getLong("id"),
                        rs.getTimestamp("submitted_at").toInstant(),
                        new Means(rs.getDouble("map"), rs.getDouble("mauroc"), rs.getDouble("mf1"),
                                rs.getDouble("mece")),
                        new Groups((Double) rs.getObject("head_map"), (Double) rs.getObject("medium_map"),
                                (Double) rs.getObject("tail_map")),
                        rs.getLong("submissions"), false),
                current.phaseId(), current.answerKeyId(), current.selection(), current.selection(),
                current.selection(), current.phaseId());
        if (current.answerKeyId() != null) {
            entries = withBaselines(entries, jdbc.query(BASELINES,
                    (rs, row) -> new LeaderboardEntry(null, rs.getString("team"), rs.getLong("id"),
                            rs.getTimestamp("submitted_at").toInstant(),
                            new Means(rs.getDouble("map"), rs.getDouble("mauroc"), rs.getDouble("mf1"),
                                    rs.getDouble("mece")),
                            new Groups((Double) rs.getObject("head_map"), (Double) rs.getObject("medium_map"),
                                    (Double) rs.getObject("tail_map")),
                            1, true),
                    current.phaseId(), current.answerKeyId()));
        }
        Leaderboard leaderboard = new Leaderboard(challenge, task, phase, "mAP",
                current.updatedAt() == null ? null : current.updatedAt().toInstant(), entries);
        return new RankedLeaderboard(leaderboard, csv(entries), version);
    }

    /**
     * Baselines placed among the ranked entries by mAP: after every team with a higher or equal
     * mAP (a tie goes to the team).
     */
    static List<LeaderboardEntry> withBaselines(List<LeaderboardEntry> ranked, List<LeaderboardEntry> baselines) {
        if (baselines.isEmpty()) {
            return ranked;
        }
        List<LeaderboardEntry> sorted = new java.util.ArrayList<>(baselines);
        sorted.sort(java.util.Comparator.comparingDouble((LeaderboardEntry entry) -> entry.scores().mAP()).reversed());
        List<LeaderboardEntry> merged = new java.util.ArrayList<>(ranked.size() + sorted.size());
        int next = 0;
        for (LeaderboardEntry entry : ranked) {
            while (next < sorted.size() && sorted.get(next).scores().mAP() > entry.scores().mAP()) {
                merged.add(sorted.get(next++));
            }
            merged.add(entry);
        }
        merged.addAll(sorted.subList(next, sorted.size()));
        return List.copyOf(merged);
    }

    public static String csv(List<LeaderboardEntry> entries) {
        StringBuilder csv = new StringBuilder(
                "rank,team,submissionId,submittedAt,mAP,mAUROC,mF1,mECE,head,medium,tail,submissions,baseline\n");
        for (LeaderboardEntry entry : entries) {
            Means means = entry.scores(); // null where the scores are hidden
            Groups groups = entry.groups();
            csv.append(entry.rank() == null ? "" : entry.rank()).append(',')
                    .append(quoted(entry.team())).append(',')
                    .append(entry.submissionId()).append(',')
                    .append(entry.submittedAt()).append(',')
                    .append(number(means == null ? null : means.mAP())).append(',')
                    .append(number(means == null ? null : means.mAUROC())).append(',')
                    .append(number(means == null ? null : means.mF1())).append(',')
                    .append(number(means == null ? null : means.mECE())).append(',')
                    .append(number(groups == null ? null : groups.head())).append(',')
                    .append(number(groups == null ? null : groups.medium())).append(',')
                    .append(number(groups == null ? null : groups.tail())).append(',')
                    .append(entry.submissions()).append(',')
                    .append(entry.baseline()).append('\n');
        }
        return csv.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
    }

    /** RFC 4180 quoting, and a leading quote against formula injection in spreadsheets. */
    private static String quoted(String text) {
        String safe = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    private record PhaseVersion(long phaseId, long version, Timestamp updatedAt, Long answerKeyId, String selection,
                                String visibility, Timestamp closesAt) {
    }
}
