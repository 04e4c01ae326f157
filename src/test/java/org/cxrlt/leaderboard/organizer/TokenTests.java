package org.cxrlt.leaderboard.organizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Token rotation by participants, revocation and new tokens by organizers. */
class TokenTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);
    private static final String UNKNOWN_TOKEN = "The bearer token is not valid: it matches no participant and no organizer.";

    @Test
    void aRotatedTokenReplacesTheOldOneAtOnce() throws Exception {
        Participant participant = api().approved("Rotating");
        JsonNode rotated = json(mvc.perform(post("/api/v1/me/token").header("Authorization",
                bearer(participant.token()))).andExpect(status().isOk())
                .andExpect(jsonPath("$.participantId").value(participant.id())));
        String fresh = rotated.get("token").asString();
        assertThat(fresh).isNotEqualTo(participant.token()).hasSize(43);

        mvc.perform(get("/api/v1/me").header("Authorization", bearer(participant.token())))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(UNKNOWN_TOKEN));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(fresh)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").value(participant.team()));

        JsonNode entry = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "token.rotate").param("size", "100").header("Authorization", ADMIN))),
                "participant:" + participant.id());
        assertThat(entry.get("actor").asString()).isEqualTo("participant:" + participant.id());
        assertThat(entry.at("/before/tokenFingerprint").asString()).hasSize(8)
                .isNotEqualTo(entry.at("/after/tokenFingerprint").asString());
        assertThat(entry.toString()).doesNotContain(fresh).doesNotContain(participant.token());
    }

    @Test
    void aRevokedTokenStopsWorkingUntilAnOrganizerIssuesANewOne() throws Exception {
        Participant participant = api().approved("Revoked");
        String revoke = "/api/v1/admin/participants/" + participant.id() + "/token/revoke";
        mvc.perform(post(revoke).header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.participantId").value(participant.id()))
                .andExpect(jsonPath("$.revokedAt").exists());

        mvc.perform(get("/api/v1/me").header("Authorization", bearer(participant.token())))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(UNKNOWN_TOKEN));
        mvc.perform(post("/api/v1/me/token").header("Authorization", bearer(participant.token())))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(UNKNOWN_TOKEN));
        mvc.perform(post(revoke).header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The token of participant " + participant.id() + " is already revoked (at ")));

        String issued = json(mvc.perform(post("/api/v1/admin/participants/" + participant.id() + "/token")
                .header("Authorization", ADMIN)).andExpect(status().isOk())).get("token").asString();
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(issued))).andExpect(status().isOk());

        JsonNode revocation = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "token.revoke").param("size", "100").header("Authorization", ADMIN))),
                "participant:" + participant.id());
        assertThat(revocation.at("/before/revokedAt").isNull()).isTrue();
        assertThat(revocation.at("/after/revokedAt").isNull()).isFalse();
        JsonNode issue = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "token.issue").param("size", "100").header("Authorization", ADMIN))),
                "participant:" + participant.id());
        assertThat(issue.at("/before/revokedAt").isNull()).isFalse();
        assertThat(issue.at("/after/tokenFingerprint").asString()).hasSize(8);
    }

    @Test
    void tokensOfUnknownParticipantsAndOfTheOrganizerAreRefused() throws Exception {
        mvc.perform(post("/api/v1/admin/participants/999999999/token/revoke").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No participant 999999999."));
        mvc.perform(post("/api/v1/admin/participants/999999999/token").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No participant 999999999."));
        mvc.perform(post("/api/v1/me/token").header("Authorization", ADMIN))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The administrator's token is not rotated here: it is set with "
                        + "CXRLT_ADMIN_TOKEN (participants and organizer accounts rotate theirs here)."));
        mvc.perform(post("/api/v1/me/token"))
                .andExpect(status().isUnauthorized());
        Participant participant = api().approved("Not an organizer");
        mvc.perform(post("/api/v1/admin/participants/" + participant.id() + "/token/revoke")
                        .header("Authorization", bearer(participant.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));
    }
}
