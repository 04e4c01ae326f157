package org.cxrlt.leaderboard.system;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;

class OperationsTests extends ServiceTests {

    @Test
    void livenessAndReadinessIncludingTheDatabaseAreUp() throws Exception {
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void prometheusShowsTheQueueAndSubmissionsByStatus() throws Exception {
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("cxrlt_scoring_queue_depth ")))
                .andExpect(content().string(containsString("cxrlt_submissions{status=\"SCORED\"}")));
    }

    @Test
    void theApiIsDescribedForOpenApiTools() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.info.title").value("CXR-LT leaderboard"))
                .andExpect(jsonPath("$.paths['/api/v1/registrations'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}/leaderboard'].get")
                        .exists());
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
    }
}
