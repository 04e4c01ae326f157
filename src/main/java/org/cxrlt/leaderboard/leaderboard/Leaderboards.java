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
import org.cxrlt.leaderboard.system.CsvExport;
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
                       sc.head_map, sc.medium_map, sc.tail_map, s.method_name
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
                   sc.mf1, sc.mece, sc.head_map, sc.medium_map, sc.tail_map, s.method_name
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
    private final Map<Long, Hidden> hidden = new ConcurrentHashMap<>();
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
            throw LeaderboardException.notAllowed("The leaderboard of phase '" + phase + "' of " + task + " in " + challenge
                    + " is shown to organizers only.");
        }
        Instant now = clock.instant();
        boolean closed = current.closesAt() != null && !now.isBefore(current.closesAt().toInstant());
        if (visibility == Visibility.HIDDEN_UNTIL_CLOSE && !closed) {
            // Computed again only when the whole board changed; its own version depends on what it shows.
            Hidden cached = hidden.get(current.phaseId());
            if (cached != null && cached.fullVersion().equals(full.version())) {
                return cached.board();
            }
            RankedLeaderboard computed = hide(full.leaderboard());
            hidden.put(current.phaseId(), new Hidden(full.version(), computed));
            return computed;
        }
        return full;
    }

    /**
     * Entries without anything that depends on scores or on which submission stands for a team:
     * no rank, scores, submission id or time, and the board's update time left out; teams in
     * alphabetical order (ties broken by the exact name, then teams before baselines), so that
     * the order says nothing either. The version is a digest of this content alone: it changes
     * when a team appears or its submission count changes, never because a score did.
     */
    static RankedLeaderboard hide(Leaderboard full) {
        List<LeaderboardEntry> entries = full.entries().stream()
                .map(e -> new LeaderboardEntry(null, e.team(), null, null, null, null, e.submissions(), e.baseline()))
                .sorted(java.util.Comparator.comparing(LeaderboardEntry::team, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(LeaderboardEntry::team)
                        .thenComparing(LeaderboardEntry::baseline))
                .toList();
        List<List<?>> rows = entries.stream()
                .<List<?>>map(entry -> java.util.Arrays.asList(entry.team(), entry.submissions(), entry.baseline()))
                .toList();
        String csv = CsvExport.write(List.of("team", "submissions", "baseline"), rows);
        return new RankedLeaderboard(new Leaderboard(full.challenge(), full.task(), full.phase(), full.rankedBy(),
                null, entries, full.metricsShown()), csv, "hidden-" + digest(csv));
    }

    private static String digest(String content) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private PhaseVersion current(String challenge, String task, String phase) {
        List<PhaseVersion> found = jdbc.query("""
                select p.id, coalesce(v.version, 0), v.updated_at, p.active_answer_key_id,
                       p.selection, p.visibility, p.closes_at
                  from phase p
                  left join leaderboard_version v on v.phase_id = p.id
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
                        rs.getLong("submissions"), false, rs.getString("method_name")),
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
                            1, true, rs.getString("method_name")),
                    current.phaseId(), current.answerKeyId()));
        }
        List<String> metricsShown = challenges.resolve(challenge, task, phase).metricsShown();
        entries = entries.stream().map(entry -> new LeaderboardEntry(entry.rank(), entry.team(), entry.submissionId(),
                entry.submittedAt(), entry.scores() == null ? null : entry.scores().shown(metricsShown), entry.groups(),
                entry.submissions(), entry.baseline(), entry.method())).toList();
        Leaderboard leaderboard = new Leaderboard(challenge, task, phase, "mAP",
                current.updatedAt() == null ? null : current.updatedAt().toInstant(), entries, metricsShown);
        return new RankedLeaderboard(leaderboard, csv(entries, metricsShown), version);
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

    /** The ranked entries as CSV, with a column for each metric shown (mAP first), in that order. */
    public static String csv(List<LeaderboardEntry> entries, List<String> metricsShown) {
        List<List<?>> rows = new java.util.ArrayList<>(entries.size());
        for (LeaderboardEntry entry : entries) {
            Means means = entry.scores(); // null where the scores are hidden
            Groups groups = entry.groups();
            List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(entry.rank(), entry.team(),
                    entry.submissionId(), entry.submittedAt()));
            for (String metric : metricsShown) {
                row.add(number(means == null ? null : switch (metric) {
                    case "mAUROC" -> means.mAUROC();
                    case "mF1" -> means.mF1();
                    case "mECE" -> means.mECE();
                    default -> means.mAP();
                }));
            }
            row.addAll(java.util.Arrays.asList(number(groups == null ? null : groups.head()),
                    number(groups == null ? null : groups.medium()), number(groups == null ? null : groups.tail()),
                    entry.submissions(), entry.baseline(), entry.method()));
            rows.add(row);
        }
        List<String> header = new java.util.ArrayList<>(List.of("rank", "team", "submissionId", "submittedAt"));
        header.addAll(metricsShown);
        header.addAll(List.of("head", "medium", "tail", "submissions", "baseline", "method"));
        return CsvExport.write(header, rows);
    }

    /** Six decimals, as a number cell (never taken for a formula). */
    private static java.math.BigDecimal number(Double value) {
        return value == null ? null : new java.math.BigDecimal(String.format(Locale.ROOT, "%.6f", value));
    }

    private record Hidden(String fullVersion, RankedLeaderboard board) {
    }

    private record PhaseVersion(long phaseId, long version, Timestamp updatedAt, Long answerKeyId, String selection,
                                String visibility, Timestamp closesAt) {
    }
}
