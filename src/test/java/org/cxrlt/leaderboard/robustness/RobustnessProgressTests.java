package org.cxrlt.leaderboard.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The progress of an analysis is visible while it runs: the runner is held half-way through (by
 * its progress hook, on a latch, no sleep), and the API is read meanwhile.
 */
class RobustnessProgressTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);
    /** Unusual, so that the hook holds this test's analysis only, not one another test queued. */
    private static final int REPLICATES = 777;

    @Autowired
    private RobustnessRunner runner;

    @Test
    void theProgressIsVisibleWhileTheAnalysisRuns() throws Exception {
        Arena arena = Arena.create(mvc, "");
        for (int i = 0; i < 2; i++) {
            Participant team = api().approved(arena, "Progress " + i);
            String location = arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5 + 0.2 * i, 60 + i))
                    .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location");
            long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
        }
        long total = 2L * REPLICATES;
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        AtomicLong heldAt = new AtomicLong();
        runner.progressHook(new RobustnessRunner.ProgressHook() {
            @Override
            public boolean recordNow(long analysisId, long done, long all) {
                return all == total && done * 2 >= all && done < all && held.compareAndSet(false, true);
            }

            @Override
            public void recorded(long analysisId, long done, long all) {
                heldAt.set(done);
                recorded.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void finished(long analysisId) {
                if (held.get()) {
                    finished.countDown();
                }
            }
        });
        long id;
        try {
            JsonNode queued = json(mvc.perform(post(arena.adminPhase() + "/robustness").header("Authorization", ADMIN)
                    .contentType(MediaType.APPLICATION_JSON).content("{\"replicates\":" + REPLICATES + ",\"seed\":5}"))
                    .andExpect(status().isAccepted()));
            id = queued.get("analysis").get("id").asLong();
            assertThat(queued.at("/analysis/progressTotal").asLong()).isEqualTo(total);
            assertThat(recorded.await(60, TimeUnit.SECONDS)).as("the runner reached half-way within 60 s").isTrue();

            JsonNode running = json(mvc.perform(get(arena.adminPhase() + "/robustness/" + id)
                    .header("Authorization", ADMIN)).andExpect(status().isOk()));
            assertThat(running.at("/analysis/status").asString()).isEqualTo("RUNNING");
            // other threads may have gone on meanwhile, never to the end: the held step is not counted yet
            assertThat(running.at("/analysis/progressDone").asLong()).isBetween(heldAt.get(), total - 1);
            assertThat(heldAt.get()).isPositive();
            assertThat(running.path("result").isNull() || running.path("result").isMissingNode()).isTrue();
            JsonNode listed = json(mvc.perform(get(arena.adminPhase() + "/robustness").header("Authorization", ADMIN)));
            assertThat(listed.get(0).get("status").asString()).isEqualTo("RUNNING");
            assertThat(listed.get(0).get("progressDone").asLong()).isBetween(heldAt.get(), total - 1);
        } finally {
            release.countDown();
        }

        assertThat(finished.await(60, TimeUnit.SECONDS)).as("the analysis finished within 60 s").isTrue();
        JsonNode done = json(mvc.perform(get(arena.adminPhase() + "/robustness/" + id).header("Authorization", ADMIN)));
        assertThat(done.at("/analysis/status").asString()).isEqualTo("DONE");
        assertThat(done.at("/analysis/progressDone").asLong()).isEqualTo(total);
        assertThat(done.get("result").isObject()).isTrue();
    }

    @AfterEach
    void removeTheHook() {
        runner.progressHook(RobustnessRunner.ProgressHook.NONE);
    }
}
