package org.cxrlt.leaderboard.demo;

import org.cxrlt.leaderboard.system.EmbeddedDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.cxrlt.leaderboard.challenge.AnswerKeys;
import org.cxrlt.leaderboard.challenge.ChallengeView;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.cxrlt.leaderboard.participant.Teams;
import org.cxrlt.leaderboard.submission.Submissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A live leaderboard for a newcomer: on the first start of the embedded database (unless
 * {@code cxrlt.demo.enabled=false}; never on another database unless set to true), synthetic
 * answer keys for the development phases, marked synthetic, and a dozen synthetic teams'
 * submissions sent through the real pipeline (stored, queued, scored by the workers).
 *
 * <p>The keys are small so that the first start stays quick: task 1 and task 3 have 3,000 rows
 * instead of about 79,000, task 2 its real size of 406. Uploading the real answer key replaces
 * a synthetic one; the demo teams' scores then no longer count.
 */
@Component
@Order(10)
class DemoData implements ApplicationRunner {

    static final int LARGE_TASK_ROWS = 3_000;

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String CHALLENGE = "cxr-lt-2024";
    private static final String PHASE = "development";
    private static final List<String> TEAMS = List.of("Aurora", "Borealis", "Cassini", "Dorado", "Eridanus",
            "Fornax", "Gemini", "Hydra", "Indus", "Lyra", "Musca", "Norma");

    private final Boolean enabled;
    private final ObjectProvider<EmbeddedDatabase> embedded;
    private final AnswerKeys answerKeys;
    private final Challenges challenges;
    private final Submissions submissions;
    private final Teams teams;
    private final JdbcTemplate jdbc;

    DemoData(DemoSettings settings, ObjectProvider<EmbeddedDatabase> embedded,
             AnswerKeys answerKeys, Challenges challenges, Submissions submissions, Teams teams, JdbcTemplate jdbc) {
        this.enabled = settings.enabled();
        this.embedded = embedded;
        this.answerKeys = answerKeys;
        this.challenges = challenges;
        this.submissions = submissions;
        this.teams = teams;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        boolean wanted = enabled != null ? enabled : embedded.getIfAvailable() != null;
        Long answerKeysStored = jdbc.queryForObject("select count(*) from answer_key", Long.class);
        if (!wanted || answerKeysStored == null || answerKeysStored > 0) {
            return;
        }
        for (String task : List.of("task1", "task2", "task3")) {
            load(task, task.equals("task2") ? 406 : LARGE_TASK_ROWS, task.hashCode());
        }
        log.info("Loaded the demo: synthetic answer keys for the development phases and {} synthetic teams' "
                + "submissions, being scored now (cxrlt.demo.enabled=false to start without)", TEAMS.size());
    }

    private void load(String task, int rows, long seed) throws IOException {
        ChallengeView challenge = challenges.get(CHALLENGE);
        ChallengeView.TaskView taskView = challenge.task(task);
        SyntheticData data = SyntheticData.create(challenge.idColumn(), taskView.labels(),
                challenge.prevalences(taskView), rows, seed);
        byte[] key = bytes(data, null, 0);
        answerKeys.upload(CHALLENGE, task, PHASE, new ByteArrayResource(key), key.length, true);
        PhaseRef phase = challenges.resolve(CHALLENGE, task, PHASE);
        for (int i = 0; i < TEAMS.size(); i++) {
            long team = teams.idOf(CHALLENGE, TEAMS.get(i) + " (synthetic demo team)");
            // Skills spread over the field, a second, better try for every other team.
            double skill = 0.15 + 0.06 * i;
            submit(phase, team, data, skill, seed + i, "First synthetic demo submission");
            if (i % 2 == 0) {
                submit(phase, team, data, skill + 0.04, seed + 100 + i, "Second synthetic demo submission");
            }
        }
    }

    private void submit(PhaseRef phase, long team, SyntheticData data, double skill, long seed, String description)
            throws IOException {
        byte[] predictions = bytes(data, skill, seed);
        submissions.enqueue(phase, team, null, new ByteArrayResource(predictions), "synthetic-demo.csv",
                predictions.length, description);
    }

    private static byte[] bytes(SyntheticData data, Double skill, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (skill == null) {
            data.writeAnswerKey(out);
        } else {
            data.writeSubmission(out, skill, seed);
        }
        return out.toByteArray();
    }
}
