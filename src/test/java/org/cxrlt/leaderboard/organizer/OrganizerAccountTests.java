package org.cxrlt.leaderboard.organizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Organizer;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * Named organizer accounts: the administrator creates them and assigns them to challenges; an
 * organizer acts only on its own challenges, rotates its token, and is named in the audit log.
 */
class OrganizerAccountTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);
    private static final String UNKNOWN_TOKEN = "The bearer token is not valid: it matches no participant and no organizer.";
    private static final String NOT_YOURS = ": an organizer acts only on the challenges the administrator assigned to them.";

    @Test
    void theAdministratorCreatesAnOrganizerWhoActsOnItsOwnChallengeOnly() throws Exception {
        Arena own = Arena.create(mvc, "");
        Arena other = Arena.create(mvc, "");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = json(mvc.perform(post("/api/v1/admin/organizers").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Grace " + unique + "\",\"email\":\"grace-" + unique + "@example.org\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/admin/organizers/"))));
        long id = created.get("organizerId").asLong();
        String name = "Grace " + unique;
        String token = created.get("token").asString();
        assertThat(token).hasSize(43);
        assertThat(created.get("name").asString()).isEqualTo(name);

        // before it is assigned, it organizes nothing
        patchPhase(own, token).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Organizer " + id + " (" + name + ") does not organize challenge '"
                        + own.slug + "'" + NOT_YOURS));
        mvc.perform(put("/api/v1/admin/organizers/" + id + "/challenges/" + own.slug).header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.challenges[0]").value(own.slug));
        JsonNode listed = null;
        for (JsonNode account : json(mvc.perform(get("/api/v1/admin/organizers").header("Authorization", ADMIN))
                .andExpect(status().isOk()))) {
            if (account.get("id").asLong() == id) {
                listed = account;
            }
        }
        assertThat(listed).as("listed").isNotNull();
        assertThat(listed.get("email").asString()).isEqualTo("grace-" + unique + "@example.org");
        assertThat(listed.has("token")).as("a token is shown only once").isFalse();

        patchPhase(own, token).andExpect(status().isOk());
        patchPhase(other, token).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Forbidden"))
                .andExpect(jsonPath("$.detail").value("Organizer " + id + " (" + name + ") does not organize challenge '"
                        + other.slug + "'" + NOT_YOURS));
        // redefining its own challenge is fine; creating one is the administrator's
        mvc.perform(put("/api/v1/admin/challenges/" + own.slug).header("Authorization", bearer(token))
                .contentType(MediaType.APPLICATION_JSON).content(Arena.definition(""))).andExpect(status().isOk());
        mvc.perform(put("/api/v1/admin/challenges/new-" + unique).header("Authorization", bearer(token))
                        .contentType(MediaType.APPLICATION_JSON).content(Arena.definition("")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only the platform administrator creates challenges; there is no "
                        + "challenge 'new-" + unique + "' yet."));

        // a submission named by id alone: its challenge decides
        Participant team = api().approved(other, "Scoped");
        api().enrolApproved(team, own.slug);
        long submission = submit(other, team);
        mvc.perform(get("/api/v1/admin/submissions/" + submission + "/file").header("Authorization", bearer(token)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Organizer " + id + " (" + name + ") does not organize submission "
                        + submission + "'s challenge" + NOT_YOURS));
        mvc.perform(get("/api/v1/submissions/" + submission).header("Authorization", bearer(token)))
                .andExpect(status().isNotFound());
        long ownSubmission = submit(own, team);
        mvc.perform(get("/api/v1/admin/submissions/" + ownSubmission + "/file").header("Authorization", bearer(token)))
                .andExpect(status().isOk());

        // platform matters are the administrator's
        mvc.perform(post("/api/v1/admin/organizers").header("Authorization", bearer(token))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Mallory\",\"email\":\"m@example.org\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only the platform administrator may do this (POST "
                        + "/api/v1/admin/organizers)."));
        mvc.perform(put("/api/v1/admin/organizers/" + id + "/challenges/" + other.slug).header("Authorization", bearer(token)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only the platform administrator may do this (PUT "
                        + "/api/v1/admin/organizers/" + id + "/challenges/" + other.slug + ")."));
        Participant pending = api().register("Pending for the administrator");
        mvc.perform(post("/api/v1/admin/registrations/" + pending.id() + "/approve").header("Authorization", bearer(token)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only the platform administrator may do this: POST "
                        + "/api/v1/admin/registrations/" + pending.id() + "/approve concerns no challenge in particular."));
        // and a participant is no organizer at all
        mvc.perform(post("/api/v1/admin/organizers").header("Authorization", bearer(team.token()))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Eve\",\"email\":\"e@example.org\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));

        // the audit log names the person, and shows an organizer its own challenges' entries only
        JsonNode mine = json(mvc.perform(get("/api/v1/admin/audit").param("action", "phase.update").param("size", "100")
                .header("Authorization", bearer(token))).andExpect(status().isOk()));
        assertThat(mine.get("items")).isNotEmpty().allSatisfy(entry ->
                assertThat(entry.get("target").asString()).startsWith(own.slug + "/"));
        assertThat(mine.get("items").get(0).get("actor").asString()).isEqualTo("organizer:" + id + " (" + name + ")");
        mvc.perform(get("/api/v1/admin/audit").param("challenge", other.slug).header("Authorization", bearer(token)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("You do not organize challenge '" + other.slug + "': an organizer "
                        + "reads the audit entries of their own challenges only."));
        JsonNode byChallenge = json(mvc.perform(get("/api/v1/admin/audit").param("challenge", own.slug)
                .param("size", "100").header("Authorization", ADMIN)).andExpect(status().isOk()));
        assertThat(byChallenge.get("items")).extracting(entry -> entry.get("actor").asString())
                .contains("admin", "organizer:" + id + " (" + name + ")");
        JsonNode assignment = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "organizer.assign").param("size", "100").header("Authorization", ADMIN))),
                "organizer:" + id);
        assertThat(assignment.get("actor").asString()).isEqualTo("admin");
        assertThat(assignment.at("/after/challenges/0").asString()).isEqualTo(own.slug);

        // removed from the challenge, it may act on it no longer
        mvc.perform(delete("/api/v1/admin/organizers/" + id + "/challenges/" + own.slug).header("Authorization", ADMIN))
                .andExpect(status().isOk()).andExpect(jsonPath("$.challenges").isEmpty());
        patchPhase(own, token).andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/admin/organizers/" + id + "/challenges/" + own.slug).header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Organizer " + id + " does not organize challenge '" + own.slug
                        + "'."));
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnceUntilTheAdministratorIssuesANewOne() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Organizer organizer = api().organizer("Revoked organizer", arena.slug);
        patchPhase(arena, organizer.token()).andExpect(status().isOk());

        mvc.perform(post("/api/v1/admin/organizers/" + organizer.id() + "/token/revoke").header("Authorization", ADMIN))
                .andExpect(status().isOk()).andExpect(jsonPath("$.tokenRevokedAt").exists());
        patchPhase(arena, organizer.token()).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(UNKNOWN_TOKEN));
        mvc.perform(post("/api/v1/admin/organizers/" + organizer.id() + "/token/revoke").header("Authorization", ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The token of organizer "
                        + organizer.id() + " is already revoked (at ")));

        String issued = json(mvc.perform(post("/api/v1/admin/organizers/" + organizer.id() + "/token")
                .header("Authorization", ADMIN)).andExpect(status().isOk())).get("token").asString();
        patchPhase(arena, issued).andExpect(status().isOk());
        patchPhase(arena, organizer.token()).andExpect(status().isUnauthorized());
        JsonNode revocation = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "organizer.token.revoke").param("size", "100").header("Authorization", ADMIN))),
                "organizer:" + organizer.id());
        assertThat(revocation.get("actor").asString()).isEqualTo("admin");
        assertThat(revocation.toString()).doesNotContain(organizer.token()).doesNotContain(issued);
    }

    @Test
    void anOrganizerRotatesItsOwnTokenAndTheOldOneStopsAtOnce() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Organizer organizer = api().organizer("Rotating organizer", arena.slug);
        JsonNode rotated = json(mvc.perform(post("/api/v1/me/token").header("Authorization", bearer(organizer.token())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.organizerId").value(organizer.id())));
        String fresh = rotated.get("token").asString();
        assertThat(fresh).hasSize(43).isNotEqualTo(organizer.token());
        patchPhase(arena, organizer.token()).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(UNKNOWN_TOKEN));
        patchPhase(arena, fresh).andExpect(status().isOk());

        JsonNode entry = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("action", "organizer.token.rotate").param("size", "100").header("Authorization", ADMIN))),
                "organizer:" + organizer.id());
        assertThat(entry.get("actor").asString()).isEqualTo("organizer:" + organizer.id() + " (" + organizer.name() + ")");
        assertThat(entry.at("/after/tokenFingerprint").asString()).hasSize(8);
        assertThat(entry.toString()).doesNotContain(fresh);

        // the administrator's token is configured, not rotated
        mvc.perform(post("/api/v1/me/token").header("Authorization", ADMIN))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The administrator's token is not rotated here: it is set with "
                        + "CXRLT_ADMIN_TOKEN (participants and organizer accounts rotate theirs here)."));
    }

    @Test
    void accountRequestsAreChecked() throws Exception {
        mvc.perform(post("/api/v1/admin/organizers").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"No mail\",\"email\":\"not-an-email\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The request is not valid: email")));
        Organizer first = api().organizer("Twice");
        String email = json(mvc.perform(get("/api/v1/admin/organizers").header("Authorization", ADMIN)))
                .findValues("email").stream().map(JsonNode::asString)
                .filter(mail -> mail.startsWith("org-")).findFirst().orElseThrow();
        mvc.perform(post("/api/v1/admin/organizers").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Again\",\"email\":\"" + email.toUpperCase() + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("An organizer with the email " + email.toUpperCase()
                        + " exists already."));
        mvc.perform(put("/api/v1/admin/organizers/" + first.id() + "/challenges/no-such-challenge")
                        .header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No challenge 'no-such-challenge'."));
        mvc.perform(post("/api/v1/admin/organizers/999999999/token/revoke").header("Authorization", ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No organizer 999999999."));
    }

    @Test
    void anEnrolmentDecisionIsInItsChallengesAuditLog() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Organizer organizer = api().organizer("Deciding", arena.slug);
        Participant pending = api().register(arena, "Audited enrolment");
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + pending.id() + "/approve")
                        .header("Authorization", bearer(organizer.token())))
                .andExpect(status().isOk());
        JsonNode entry = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("challenge", arena.slug).param("size", "100").header("Authorization", bearer(organizer.token())))
                .andExpect(status().isOk())), arena.slug + "/participant:" + pending.id());
        assertThat(entry.get("action").asString()).isEqualTo("enrolment.approve");
        assertThat(entry.get("actor").asString()).isEqualTo("organizer:" + organizer.id() + " (" + organizer.name() + ")");
    }

    @Test
    void anOrganizersNameIsCleanedAsParticipantsNamesAre() throws Exception {
        mvc.perform(post("/api/v1/admin/organizers").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\\u0007b\",\"email\":\"bell-" + java.util.UUID.randomUUID() + "@example.org\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("name ")));
        JsonNode created = json(mvc.perform(post("/api/v1/admin/organizers").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"X\\u202eY\",\"email\":\"rlo-" + java.util.UUID.randomUUID() + "@example.org\"}"))
                .andExpect(status().isCreated()));
        assertThat(created.get("name").asString()).doesNotContain("\u202e");
    }

    @Test
    void anActionOnASubmissionIsInItsChallengesAuditLog() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Organizer organizer = api().organizer("Disqualifying", arena.slug);
        Organizer stranger = api().organizer("Elsewhere", Arena.create(mvc, "").slug);
        long submission = submit(arena, api().approved(arena, "Audited submission"));
        mvc.perform(post("/api/v1/admin/submissions/" + submission + "/disqualify").header("Authorization",
                        bearer(organizer.token())).contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"two accounts\"}"))
                .andExpect(status().isOk());
        JsonNode entry = AnswerKeyVersionTests.find(json(mvc.perform(get("/api/v1/admin/audit")
                .param("challenge", arena.slug).param("size", "100").header("Authorization", bearer(organizer.token())))
                .andExpect(status().isOk())), "submission:" + submission);
        assertThat(entry.get("actor").asString()).isEqualTo("organizer:" + organizer.id() + " (" + organizer.name() + ")");
        assertThat(json(mvc.perform(get("/api/v1/admin/audit").param("size", "100")
                .header("Authorization", bearer(stranger.token()))).andExpect(status().isOk())).get("items"))
                .noneMatch(item -> item.get("target").asString().equals("submission:" + submission));
    }

    @Test
    void hiddenScoresAreShownToTheChallengesOwnOrganizersOnly() throws Exception {
        Arena arena = Arena.create(mvc, "\"visibility\":\"HIDDEN_UNTIL_CLOSE\"");
        Organizer own = api().organizer("Own", arena.slug);
        Organizer stranger = api().organizer("Stranger", Arena.create(mvc, "").slug);
        Participant team = api().approved(arena, "Hidden scores");
        assertThat(api().awaitScoring(team.token(), submit(arena, team)).get("status").asString()).isEqualTo("SCORED");

        JsonNode seen = json(mvc.perform(get(arena.phase() + "/leaderboard").header("Authorization", bearer(own.token())))
                .andExpect(status().isOk()));
        assertThat(seen.at("/entries/0/scores/mAP").isNumber()).as("its organizer sees the scores").isTrue();
        JsonNode unseen = json(mvc.perform(get(arena.phase() + "/leaderboard")
                .header("Authorization", bearer(stranger.token()))).andExpect(status().isOk()));
        assertThat(unseen.at("/entries/0/team").asString()).isEqualTo(team.team());
        assertThat(unseen.at("/entries/0/scores").isNull()).as("another challenge's organizer does not").isTrue();

        arena.patchPhase("{\"visibility\":\"ORGANIZERS_ONLY\"}").andExpect(status().isOk());
        mvc.perform(get(arena.phase() + "/leaderboard").header("Authorization", bearer(own.token())))
                .andExpect(status().isOk());
        mvc.perform(get(arena.phase() + "/leaderboard").header("Authorization", bearer(stranger.token())))
                .andExpect(status().isForbidden());
    }

    private ResultActions patchPhase(Arena arena, String token) throws Exception {
        return mvc.perform(patch(arena.adminPhase()).header("Authorization", bearer(token))
                .contentType(MediaType.APPLICATION_JSON).content("{\"paused\":false}"));
    }

    private long submit(Arena arena, Participant team) throws Exception {
        String location = arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 3))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
