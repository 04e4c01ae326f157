package org.cxrlt.leaderboard.site;

import java.sql.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each label's AP of the submissions that stand for teams on a leaderboard, against the phase's
 * active answer key: the data of the leaderboard page's heat map. Kept per phase for one
 * leaderboard version, since the label scores of a version never change.
 */
@Component
public class LabelScoreGrid {

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

    LabelScoreGrid(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param version the leaderboard's version (its ETag): the same version gives the same grid
     * @return submission id to (label to AP); a submission without label scores is absent
     */
    public Map<Long, Map<String, Double>> apByLabel(String challenge, String task, String phase, String version,
                                                    List<Long> submissionIds) {
        String key = challenge + "/" + task + "/" + phase;
        Cached cached = cache.get(key);
        if (cached != null && cached.version().equals(version) && cached.ids().equals(submissionIds)) {
            return cached.grid();
        }
        Map<Long, Map<String, Double>> grid = new HashMap<>();
        if (!submissionIds.isEmpty()) {
            jdbc.execute((java.sql.Connection connection) -> {
                Array ids = connection.createArrayOf("bigint", submissionIds.toArray());
                try (var statement = connection.prepareStatement(QUERY)) {
                    statement.setString(1, challenge);
                    statement.setString(2, task);
                    statement.setString(3, phase);
                    statement.setArray(4, ids);
                    try (var rs = statement.executeQuery()) {
                        while (rs.next()) {
                            grid.computeIfAbsent(rs.getLong(1), id -> new HashMap<>()).put(rs.getString(2), rs.getDouble(3));
                        }
                    }
                } finally {
                    ids.free();
                }
                return null;
            });
        }
        cache.put(key, new Cached(version, List.copyOf(submissionIds), grid));
        return grid;
    }

    private record Cached(String version, List<Long> ids, Map<Long, Map<String, Double>> grid) {
    }
}
