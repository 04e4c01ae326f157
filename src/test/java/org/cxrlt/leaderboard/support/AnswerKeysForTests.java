package org.cxrlt.leaderboard.support;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The synthetic answer keys the tests score against, uploaded once per test JVM whichever test
 * class comes first. Small, so that scoring is quick.
 */
public final class AnswerKeysForTests {

    public static final int TASK1_ROWS = 2_000;
    public static final int TASK2_ROWS = 406;
    public static final SyntheticData TASK1 = CxrLt2024.synthetic(CxrLt2024.TASK1_LABELS, TASK1_ROWS, 11);
    public static final SyntheticData TASK2 = CxrLt2024.synthetic(CxrLt2024.TASK2_LABELS, TASK2_ROWS, 22);

    private AnswerKeysForTests() {
    }

    /** Uploads the task's key to its development phase unless one is there. */
    public static synchronized SyntheticData ensure(Api api, JdbcTemplate jdbc, String task) throws Exception {
        SyntheticData data = task.equals("task1") ? TASK1 : TASK2;
        Integer loaded = jdbc.queryForObject("""
                select count(*) from phase p join task t on t.id = p.task_id
                 where t.slug = ? and p.slug = 'development' and p.active_answer_key_id is not null
                """, Integer.class, task);
        if (loaded == null || loaded == 0) {
            api.uploadAnswerKey(task, "development", Api.answerKey(data)).andExpect(status().isOk());
        }
        return data;
    }
}
