package org.cxrlt.leaderboard.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

class TeamTests extends ServiceTests {

    @Test
    void aNewTeamNameMakesTheRegistrantItsOwner() throws Exception {
        Participant owner = api().approved("Owned");
        mvc.perform(get("/api/v1/teams/mine").header("Authorization", bearer(owner.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(owner.team()))
                .andExpect(jsonPath("$.ownerId").value(owner.id()))
                .andExpect(jsonPath("$.members[0].owner").value(true))
                .andExpect(jsonPath("$.pendingRequests").value(0));
    }

    @Test
    void anExistingNameAsksToJoinAndTheOwnerAccepts() throws Exception {
        Participant owner = api().approved("Joinable");
        JsonNode registered = register(owner.team().toUpperCase());
        assertThat(registered.get("requestedTeam").asString()).isEqualTo(owner.team());
        Participant joiner = approve(registered, owner.team());

        mvc.perform(get("/api/v1/me").header("Authorization", bearer(joiner.token())))
                .andExpect(jsonPath("$.team").isEmpty())
                .andExpect(jsonPath("$.requestedTeam").value(owner.team()));
        mvc.perform(get("/api/v1/teams/mine/requests").header("Authorization", bearer(owner.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].participantId").value(joiner.id()))
                .andExpect(jsonPath("$[0].team").value(owner.team()));

        mvc.perform(post("/api/v1/teams/mine/requests/" + joiner.id() + "/accept")
                        .header("Authorization", bearer(owner.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").value(owner.team()))
                .andExpect(jsonPath("$.requestedTeam").isEmpty());
        mvc.perform(get("/api/v1/teams/mine").header("Authorization", bearer(joiner.token())))
                .andExpect(jsonPath("$.members.length()").value(2))
                .andExpect(jsonPath("$.ownerId").value(owner.id()));
    }

    @Test
    void aPendingJoinRequestCannotSubmitNorSeeTheTeamsSubmissions() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant owner = api().approved(arena, "Guarded");
        long id = json(arena.submit(owner.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 1))
                .andExpect(status().isAccepted())).get("id").asLong();
        Participant joiner = approve(register(owner.team(), arena.slug), owner.team(), arena.slug);

        arena.submit(joiner.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 2))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Your request to join team '" + owner.team() + "' is still "
                        + "pending: its owner or an organizer must accept it first. Submissions are made for a team."));
        mvc.perform(get("/api/v1/submissions/" + id).header("Authorization", bearer(joiner.token())))
                .andExpect(status().isNotFound());
        mvc.perform(get(arena.phase() + "/submissions").header("Authorization", bearer(joiner.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Your request to join team '" + owner.team() + "' is still "
                        + "pending: its owner or an organizer must accept it first."));

        forbidden(mvc.perform(get(arena.phase() + "/quota").header("Authorization", bearer(joiner.token()))),
                "Your request to join team '" + owner.team() + "' is still pending: its owner or an organizer must "
                        + "accept it first.");

        mvc.perform(post("/api/v1/admin/participants/" + joiner.id() + "/join-request/accept")
                        .param("challenge", arena.slug).header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/submissions/" + id).header("Authorization", bearer(joiner.token())))
                .andExpect(status().isOk());
        mvc.perform(get(arena.phase() + "/submissions").header("Authorization", bearer(joiner.token())))
                .andExpect(jsonPath("$.items[0].id").value(id));
    }

    @Test
    void onlyTheOwnerDecidesAndADeclinedParticipantHasNoTeam() throws Exception {
        Participant owner = api().approved("Picky");
        Participant first = approve(register(owner.team()), owner.team());
        mvc.perform(post("/api/v1/teams/mine/requests/" + first.id() + "/accept")
                .header("Authorization", bearer(owner.token()))).andExpect(status().isOk());
        Participant second = approve(register(owner.team()), owner.team());

        forbidden(mvc.perform(get("/api/v1/teams/mine/requests").header("Authorization", bearer(first.token()))),
                "Only the owner of team '" + owner.team() + "' sees and decides its join requests.");
        forbidden(mvc.perform(post("/api/v1/teams/mine/requests/" + second.id() + "/accept")
                        .header("Authorization", bearer(first.token()))),
                "Only the owner of team '" + owner.team() + "' sees and decides its join requests.");

        mvc.perform(post("/api/v1/teams/mine/requests/" + second.id() + "/decline")
                        .header("Authorization", bearer(owner.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").isEmpty())
                .andExpect(jsonPath("$.requestedTeam").isEmpty());
        mvc.perform(post("/api/v1/teams/mine/requests/" + second.id() + "/accept")
                        .header("Authorization", bearer(owner.token())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Participant " + second.id()
                        + " has no pending request to join your team."));
        forbidden(mvc.perform(get("/api/v1/teams/mine").header("Authorization", bearer(second.token()))),
                "You are not a member of any team: ask an organizer to add you to one.");
    }

    @Test
    void organizersMoveAndRemoveMembersAndOwnershipPassesOn() throws Exception {
        Participant owner = api().approved("Movers");
        Participant member = approve(register(owner.team()), owner.team());
        organizer(post("/api/v1/admin/participants/" + member.id() + "/join-request/accept")).andExpect(status().isOk());

        String newTeam = "Moved " + UUID.randomUUID();
        organizer(post("/api/v1/admin/participants/" + owner.id() + "/team")
                .contentType(MediaType.APPLICATION_JSON).content("{\"team\":\"" + newTeam + "\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").value(newTeam));
        mvc.perform(get("/api/v1/teams/mine").header("Authorization", bearer(owner.token())))
                .andExpect(jsonPath("$.ownerId").value(owner.id()));
        mvc.perform(get("/api/v1/teams/mine").header("Authorization", bearer(member.token())))
                .andExpect(jsonPath("$.ownerId").value(member.id()))
                .andExpect(jsonPath("$.members.length()").value(1));

        organizer(delete("/api/v1/admin/participants/" + member.id() + "/team"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").isEmpty());
        forbidden(mvc.perform(multipart(Api.phasePath("task2", "development") + "/submissions")
                        .file(new MockMultipartFile("file", "p.csv", "text/csv",
                                Api.predictions(AnswerKeysForTests.TASK2, 0.5, 3)))
                        .header("Authorization", bearer(member.token()))),
                "You are not a member of any team: ask an organizer to add you to one. Submissions are made for a team.");
        Integer audited = jdbc.queryForObject("select count(*) from audit_entry where action in ('team.move', "
                + "'team.remove') and target in (?, ?)", Integer.class, "participant:" + owner.id(),
                "participant:" + member.id());
        assertThat(audited).isEqualTo(2);
    }

    @Test
    void organizerTeamChangesAreChecked() throws Exception {
        organizer(post("/api/v1/admin/participants/999999/team")
                .contentType(MediaType.APPLICATION_JSON).content("{\"team\":\"Anything\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Participant 999999 is not enrolled in cxr-lt-2024."));
        Participant someone = api().approved("Checked");
        organizer(post("/api/v1/admin/participants/" + someone.id() + "/team")
                .contentType(MediaType.APPLICATION_JSON).content("{\"team\":\" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("team must be the name of a team, 1 to 100 characters."));
        organizer(post("/api/v1/admin/participants/" + someone.id() + "/join-request/accept"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Participant " + someone.id()
                        + " has no pending request to join a team."));
        forbidden(mvc.perform(post("/api/v1/admin/participants/" + someone.id() + "/team")
                        .header("Authorization", bearer(someone.token()))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"team\":\"Mine\"}")),
                "Only organizers may do this.");
    }

    private JsonNode register(String team) throws Exception {
        return register(team, "cxr-lt-2024");
    }

    private JsonNode register(String team, String challenge) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return json(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Joiner\",\"email\":\"joiner-" + unique + "@example.org\",\"team\":\""
                                + team + "\",\"challenge\":\"" + challenge + "\"}"))
                .andExpect(status().isCreated()));
    }

    private Participant approve(JsonNode registered, String team) throws Exception {
        return approve(registered, team, "cxr-lt-2024");
    }

    private Participant approve(JsonNode registered, String team, String challenge) throws Exception {
        long id = registered.get("participantId").asLong();
        organizer(post("/api/v1/admin/challenges/" + challenge + "/enrolments/" + id + "/approve"))
                .andExpect(status().isOk());
        return new Participant(id, registered.get("token").asString(), team);
    }

    private ResultActions organizer(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request.header("Authorization", bearer(ORGANIZER_TOKEN)));
    }

    private static void forbidden(ResultActions result, String detail) throws Exception {
        result.andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
    }
}
