package org.cxrlt.leaderboard.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class RegistrationTests extends ServiceTests {

    @Test
    void registrationReturnsAPendingParticipantAndATokenStoredOnlyAsItsHash() throws Exception {
        Participant participant = api().register("Registering");

        assertThat(participant.token()).hasSizeGreaterThanOrEqualTo(43); // 256 bits in base64url
        byte[] stored = jdbc.queryForObject("select token_hash from participant where id = ?", byte[].class,
                participant.id());
        assertThat(stored).isEqualTo(Tokens.hash(participant.token()));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(participant.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.team").value(participant.team()))
                .andExpect(jsonPath("$.token").doesNotExist());
    }

    @Test
    void tokensAreRandomAndUrlSafe() {
        assertThat(Tokens.newToken()).isNotEqualTo(Tokens.newToken()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void invalidRegistrationIsRefusedNamingEachField() throws Exception {
        mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\",\"email\":\"not-an-email\",\"team\":\"T\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(
                        "The request is not valid: email must be a well-formed email address; name must not be blank."));
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(
                        "The request body is not valid JSON or does not have the expected fields and types."));
    }

    @Test
    void anEmailRegistersOnlyOnce() throws Exception {
        String body = "{\"name\":\"B\",\"email\":\"twice@example.org\",\"team\":\"Twice\"}";
        mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content(body.replace("twice@", "TWICE@")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(
                        "A participant with the email TWICE@example.org is already registered."));
    }

    @Test
    void meNeedsAValidToken() throws Exception {
        mvc.perform(get("/api/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("This needs a bearer token: send the header "
                        + "'Authorization: Bearer <token>' with the token you got when registering."));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer("made-up")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(
                        "The bearer token is not valid: it matches no participant and no organizer."));
    }

    @Test
    void organizersListApproveAndRejectRegistrations() throws Exception {
        Participant approved = api().register("Approved");
        Participant rejected = api().register("Rejected");
        String organizer = bearer(ORGANIZER_TOKEN);

        mvc.perform(get("/api/v1/admin/registrations").param("status", "PENDING").header("Authorization", organizer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].participantId").value(hasItem((int) approved.id())));
        mvc.perform(post("/api/v1/admin/registrations/" + approved.id() + "/approve").header("Authorization", organizer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"));
        mvc.perform(post("/api/v1/admin/registrations/" + rejected.id() + "/reject").header("Authorization", organizer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"no data use agreement\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"))
                .andExpect(jsonPath("$.rejectionReason").value("no data use agreement"));

        mvc.perform(get("/api/v1/admin/registrations").param("status", "PENDING").header("Authorization", organizer))
                .andExpect(jsonPath("$[*].participantId").value(not(hasItem((int) approved.id()))));
        mvc.perform(post("/api/v1/admin/registrations/" + approved.id() + "/approve").header("Authorization", organizer))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Participant " + approved.id() + " is already approved."));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(rejected.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"));
    }

    @Test
    void onlyOrganizersDecide() throws Exception {
        Participant participant = api().approved("Curious");
        mvc.perform(get("/api/v1/admin/registrations").header("Authorization", bearer(participant.token())))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));
        mvc.perform(post("/api/v1/admin/registrations/1/approve"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aRejectedRegistrationCannotBeRejectedAgain() throws Exception {
        Participant participant = api().register("Twice rejected");
        String path = "/api/v1/admin/registrations/" + participant.id() + "/reject";
        mvc.perform(post(path).header("Authorization", bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
        mvc.perform(post(path).header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Participant " + participant.id() + " is already rejected."));
    }

    @Test
    void anUnknownStatusFilterIsABadRequest() throws Exception {
        mvc.perform(get("/api/v1/admin/registrations").param("status", "MAYBE")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("status must be one of PENDING, APPROVED, REJECTED, not 'MAYBE'."));
    }

    @Test
    void theOrganizerTokenHasNoParticipantBehindIt() throws Exception {
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("The organizer token belongs to no participant."));
    }

    @Test
    void decidingOnAnUnknownParticipantIsNotFound() throws Exception {
        mvc.perform(post("/api/v1/admin/registrations/987654/approve").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Participant 987654 is not enrolled in cxr-lt-2024."));
    }
}
