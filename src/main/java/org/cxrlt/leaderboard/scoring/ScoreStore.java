package org.cxrlt.leaderboard.scoring;

import java.util.ArrayList;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.LabelScore;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The scores of each submission: the four means, the group mAPs and every label's values. */
@Component
public class ScoreStore {

    private final JdbcTemplate jdbc;

    ScoreStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void save(long submissionId, long answerKeyId, Scores scores, long durationMillis) {
        // Scored again against the same answer key (a rescore without a new key): the new result replaces it.
        jdbc.update("delete from label_score where submission_id = ? and answer_key_id = ?", submissionId, answerKeyId);
        jdbc.update("delete from score where submission_id = ? and answer_key_id = ?", submissionId, answerKeyId);
        jdbc.update("""
                insert into score (submission_id, answer_key_id, map, mauroc, mf1, mece, head_map, medium_map,
                                   tail_map, rows, duration_ms)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, submissionId, answerKeyId, scores.mAP(), scores.mAUROC(), scores.mF1(), scores.mECE(),
                scores.groups().head(), scores.groups().medium(), scores.groups().tail(), scores.rows(),
                durationMillis);
        List<Object[]> labels = new ArrayList<>();
        int position = 0;
        for (LabelScore label : scores.labels()) {
            labels.add(new Object[] {submissionId, answerKeyId, position++, label.label(), label.ap(), label.auroc(),
                    label.f1(), label.ece(), label.positives()});
        }
        jdbc.batchUpdate("""
                insert into label_score (submission_id, answer_key_id, position, label, ap, auroc, f1, ece, positives)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, labels);
    }

    /** Every label's values against one answer key, in the task's column order; empty if not scored against it. */
    public List<LabelResult> labels(long submissionId, long answerKeyId) {
        return jdbc.query("""
                select label, ap, auroc, f1, ece, positives from label_score
                 where submission_id = ? and answer_key_id = ? order by position
                """, (rs, row) -> new LabelResult(rs.getString("label"), rs.getDouble("ap"), rs.getDouble("auroc"),
                rs.getDouble("f1"), rs.getDouble("ece"), rs.getInt("positives")), submissionId, answerKeyId);
    }
}
