package org.cxrlt.leaderboard.system;

import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ProblemDetailsTests extends ServiceTests {

    @Test
    void unknownPathsAreProblemDetails() throws Exception {
        mvc.perform(get("/api/v1/nowhere").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("There is nothing at GET /api/v1/nowhere."));
        mvc.perform(get("/nowhere"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unsupportedMethodsAreProblemDetails() throws Exception {
        mvc.perform(delete("/api/v1/challenges").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Method 'DELETE' is not supported."));
    }

    @Test
    void unsupportedAndUnacceptableMediaTypesAreProblemDetails() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/registrations")
                        .contentType(MediaType.TEXT_PLAIN).content("name=Ada"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Content-Type 'text/plain;charset=UTF-8' is not supported."));
        mvc.perform(get("/api/v1/challenges").accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void badParametersNameTheParameterWithoutInternals() throws Exception {
        mvc.perform(get("/api/v1/submissions/abc").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The value 'abc' is not valid for 'id'."))
                .andExpect(content().string(not(containsString("Exception"))));
    }
}
