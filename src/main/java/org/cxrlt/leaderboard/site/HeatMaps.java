package org.cxrlt.leaderboard.site;

import java.sql.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cxrlt.leaderboard.evaluation.LabelGroups;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The heat maps of the leaderboard pages: each label's AP of the submissions that stand for the
 * ranked teams, against the phase's active answer key, drawn by {@link HeatMap}. One is kept per
 * phase for one leaderboard version (the label scores of a version never change), so that a page
 * view costs no query and no drawing: 200 teams by 40 labels are 8,000 cells.
 */
@Component
public class HeatMaps {

    private static final String QUERY = """
            select ls.submission_id, ls.label, ls.ap
            from label_score ls
            join phase ph on ph.active_answer_key_id = ls.answer_key_id
            join task t on t.id = ph.task_id
            join challenge c on c.id = t.challenge_id
            where c.slug = ? and t.slug = ? and ph.slug = ? and ls.submission_id = any(?)
            """;

    private final JdbcTemplate jdbc;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    HeatMaps(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A ranked team and the submission that stands for it. */
    public record Team(String name, long submissionId) {
    }

    /**
     * @param version the leaderboard's version (its ETag): the same version and teams give the same map
     * @param labels  the task's labels in column order
     * @param groups  their groups, from the challenge definition
     * @param teams   the ranked teams in rank order
     * @return the SVG, or null when no team has label scores
     */
    public String svg(String challenge, String task, String phase, String version, List<String> labels,
                      LabelGroups groups, List<Team> teams) {
        String key = challenge + "/" + task + "/" + phase;
        Cached cached = cache.get(key);
        if (cached != null && cached.version().equals(version) && cached.teams().equals(teams)
                && cached.labels().equals(labels) && cached.groups().equals(groups)) {
            return cached.svg();
        }
        Map<Long, Map<String, Double>> aps = apByLabel(challenge, task, phase,
                teams.stream().map(Team::submissionId).toList());
        List<HeatMap.Row> rows = new ArrayList<>();
        for (Team team : teams) {
            Map<String, Double> ap = aps.get(team.submissionId());
            if (ap != null) {
                rows.add(new HeatMap.Row(team.name(), ap));
            }
        }
        String svg = rows.isEmpty() ? null : HeatMap.svg(labels, groups, rows);
        cache.put(key, new Cached(version, List.copyOf(teams), List.copyOf(labels), groups, svg));
        return svg;
    }

    /** Submission id to (label to AP); a submission without label scores is absent. */
    private Map<Long, Map<String, Double>> apByLabel(String challenge, String task, String phase, List<Long> ids) {
        Map<Long, Map<String, Double>> grid = new HashMap<>();
        if (ids.isEmpty()) {
            return grid;
        }
        jdbc.execute((java.sql.Connection connection) -> {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            try (var statement = connection.prepareStatement(QUERY)) {
                statement.setString(1, challenge);
                statement.setString(2, task);
                statement.setString(3, phase);
                statement.setArray(4, array);
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        grid.computeIfAbsent(rs.getLong(1), id -> new HashMap<>()).put(rs.getString(2), rs.getDouble(3));
                    }
                }
            } finally {
                array.free();
            }
            return null;
        });
        return grid;
    }

    private record Cached(String version, List<Team> teams, List<String> labels, LabelGroups groups, String svg) {
    }
}
