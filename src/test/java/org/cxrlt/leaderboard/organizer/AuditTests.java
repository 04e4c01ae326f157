package org.cxrlt.leaderboard.organizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.cxrlt.leaderboard.support.Stage;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Every organizer action leaves an entry: who, what, when, on what, before and after. */
class AuditTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);

    private JsonNode entry(String action, String target) throws Exception {
        return AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit").param("action", action)
                .param("size", "100").header("Authorization", ADMIN)).andExpect(status().isOk())), target);
    }

    @Test
    void decisionsOnRegistrationsAreRecordedWithTheStatusBeforeAndAfter() throws Exception {
        Participant approved = api().approved("Audited");
        JsonNode approval = entry("enrolment.approve", "cxr-lt-2024/participant:" + approved.id());
        assertThat(approval.get("actor").asString()).isEqualTo("admin");
        assertThat(approval.at("/before/status").asString()).isEqualTo("PENDING");
        assertThat(approval.at("/after/status").asString()).isEqualTo("APPROVED");
        assertThat(Instant.parse(approval.get("at").asString())).isBefore(Instant.now().plusSeconds(1));

        Participant rejected = api().register("Audited rejection");
        mvc.perform(post("/api/v1/admin/registrations/" + rejected.id() + "/reject").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"Not a real person\"}"))
                .andExpect(status().isOk());
        JsonNode rejection = entry("enrolment.reject", "cxr-lt-2024/participant:" + rejected.id());
        assertThat(rejection.at("/before/status").asString()).isEqualTo("PENDING");
        assertThat(rejection.at("/after/reason").asString()).isEqualTo("Not a real person");
    }

    @Test
    void aPhaseChangeIsRecordedWithTheDatesBeforeAndAfter() throws Exception {
        Stage stage = Stage.create(jdbc, CxrLt2024.TASK2_LABELS, Instant.parse("2024-08-01T00:00:00Z"),
                Instant.parse("2024-09-15T00:00:00Z"));
        mvc.perform(patch(stage.admin("test")).header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"closesAt\":null}"))
                .andExpect(status().isOk());
        JsonNode change = entry("phase.update", stage.challenge() + "/staged/test");
        assertThat(change.at("/before/closesAt").asString()).isEqualTo("2024-09-15T00:00:00Z");
        assertThat(change.at("/after/closesAt").isNull()).isTrue();
        assertThat(change.at("/after/opensAt").asString()).isEqualTo("2024-08-01T00:00:00Z");
    }

    @Test
    void theLogIsNewestFirstAndPaginated() throws Exception {
        api().approved("First audited");
        api().approved("Second audited");
        JsonNode page = json(mvc.perform(get("/api/v1/admin/audit").param("size", "2").header("Authorization", ADMIN))
                .andExpect(status().isOk()));
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.at("/items/0/id").asLong()).isGreaterThan(page.at("/items/1/id").asLong());
        assertThat(page.get("totalItems").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode next = json(mvc.perform(get("/api/v1/admin/audit").param("size", "2").param("page", "1")
                .header("Authorization", ADMIN)));
        assertThat(next.at("/items/0/id").asLong()).isLessThan(page.at("/items/1/id").asLong());
    }

    @Test
    void theLogIsForOrganizersOnlyAndPagesMustMakeSense() throws Exception {
        Participant participant = api().approved("Nosy");
        mvc.perform(get("/api/v1/admin/audit").header("Authorization", bearer(participant.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));
        mvc.perform(get("/api/v1/admin/audit"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/admin/audit").param("size", "500").header("Authorization", ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("page must be 0 or more and size between 1 and 100."));
    }
}
