package org.cxrlt.leaderboard.participant;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A challenge's id and title by its slug, as enrolments and teams need them. */
@Component
class ChallengeIds {

    static final String FIRST = Enrolments.FIRST_CHALLENGE;

    private final JdbcTemplate jdbc;

    ChallengeIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The challenge, or a 404 naming the slug. */
    Ref of(String slug) {
        List<Ref> found = jdbc.query("select id, slug, title from challenge where slug = ?",
                (rs, row) -> new Ref(rs.getLong(1), rs.getString(2), rs.getString(3)), slug);
        if (found.isEmpty()) {
            throw ParticipantException.notFound("There is no challenge '" + slug + "'.");
        }
        return found.get(0);
    }

    Ref of(long id) {
        return jdbc.queryForObject("select id, slug, title from challenge where id = ?",
                (rs, row) -> new Ref(rs.getLong(1), rs.getString(2), rs.getString(3)), id);
    }

    /** The challenge a submission was made in, or null if there is no such submission. */
    Long ofSubmission(long submissionId) {
        List<Long> found = jdbc.queryForList("""
                select t.challenge_id from submission s join phase p on p.id = s.phase_id
                  join task t on t.id = p.task_id where s.id = ?
                """, Long.class, submissionId);
        return found.isEmpty() ? null : found.get(0);
    }

    record Ref(long id, String slug, String title) {
    }
}
