package org.cxrlt.leaderboard.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.AllAtOnce;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/** Accounts enrolled in several challenges: approval, teams, evidence and data access per challenge. */
@RecordApplicationEvents
class EnrolmentTests extends ServiceTests {

    static final byte[] PDF = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

    @Autowired
    private ApplicationEvents events;

    @Test
    void approvedInOneChallengeIsNotApprovedInAnother() throws Exception {
        Arena first = Arena.create(mvc, "");
        Arena second = Arena.create(mvc, "");
        Participant ada = api().approved(first, "Twice");
        enrolJson(second, ada.token(), ada.team()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.team").value(ada.team()));

        byte[] file = Api.predictions(AnswerKeysForTests.TASK2, 0.5, 1);
        first.submit(ada.token(), file).andExpect(status().isAccepted());
        second.submit(ada.token(), file).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Your registration is still pending: you can submit once an "
                        + "organizer has approved it."));
        mvc.perform(get(second.phase() + "/template.csv").header("Authorization", bearer(ada.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The submission template of " + second.slug
                        + " is for its approved members: your enrolment is pending."));
        // the team of the challenge at hand: its own submissions, quota and team page
        mvc.perform(get(second.phase() + "/submissions").header("Authorization", bearer(ada.token())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalItems").value(0));
        mvc.perform(get(first.phase() + "/submissions").header("Authorization", bearer(ada.token())))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/teams/mine").param("challenge", second.slug)
                        .header("Authorization", bearer(ada.token())))
                .andExpect(jsonPath("$.members[0].status").value("PENDING"));

        // a participant of neither challenge
        Participant stranger = api().approved("Stranger");
        second.submit(stranger.token(), file).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("You are not enrolled in this challenge: enrol first "
                        + "(POST /api/v1/challenges/{challenge}/enrolments). Submissions are made for a team."));

        api().approve(ada, second.slug);
        second.submit(ada.token(), file).andExpect(status().isAccepted());

        JsonNode me = json(mvc.perform(get("/api/v1/me").header("Authorization", bearer(ada.token())))
                .andExpect(status().isOk()));
        assertThat(me.get("enrolments").size()).isEqualTo(2);
        assertThat(me.get("enrolments").get(0).get("challenge").asString()).isEqualTo(first.slug);
        assertThat(me.get("enrolments").get(1).get("status").asString()).isEqualTo("APPROVED");
    }

    @Test
    void teamNamesAreUniquePerChallengeAndAParticipantEnrolsOnce() throws Exception {
        Arena first = Arena.create(mvc, "");
        Arena second = Arena.create(mvc, "");
        String name = "Same name " + UUID.randomUUID();
        Participant one = register(first, name);
        Participant other = register(second, name);
        // each owns a team of its own: the same name in another challenge is another team
        mvc.perform(get("/api/v1/teams/mine").param("challenge", first.slug).header("Authorization", bearer(one.token())))
                .andExpect(jsonPath("$.ownerId").value(one.id()));
        mvc.perform(get("/api/v1/teams/mine").param("challenge", second.slug)
                        .header("Authorization", bearer(other.token())))
                .andExpect(jsonPath("$.ownerId").value(other.id()));
        enrolJson(first, one.token(), "Again").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("You are already enrolled in this challenge (pending); only a "
                        + "rejected enrolment can be sent again."));
        mvc.perform(post("/api/v1/challenges/no-such-challenge/enrolments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"team\":\"X\"}").header("Authorization", bearer(one.token())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no challenge 'no-such-challenge'."));
        mvc.perform(post("/api/v1/challenges/" + first.slug + "/enrolments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"team\":\"X\"}").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Organizers do not enrol: enrol with a participant's token."));
        enrolJson(second, one.token(), " ").andExpect(status().isBadRequest());
    }

    @Test
    void theCxrLtRegistrationAsksForEvidenceAndRefusesWhatIsMissingOrWrong() throws Exception {
        Arena arena = Arena.create(mvc, "");
        requireEverything(arena);
        mvc.perform(get("/api/v1/challenges/" + arena.slug + "/registration"))
                .andExpect(jsonPath("$.duaProof").value(true))
                .andExpect(jsonPath("$.physionetEmailMatch").value(true));
        Account ada = account();

        refused(enrol(arena, ada, "Evidence").param("physionetEmail", ada.email())
                        .file(file("credentialCertificate", "cert.pdf", PDF)).file(file("duaProof", "dua.png", PNG)),
                400, "The enrolment in " + arena.slug + " needs your PhysioNet username (field physionetUsername).");
        refused(enrol(arena, ada, "Evidence").param("physionetUsername", "ada lovelace")
                        .param("physionetEmail", ada.email()),
                400, "physionetUsername must be a PhysioNet username: letters, digits, '_', '-' and '.', 1 to 150 "
                        + "characters.");
        refused(enrol(arena, ada, "Evidence").param("physionetUsername", "ada")
                        .file(file("credentialCertificate", "cert.pdf", PDF)).file(file("duaProof", "dua.png", PNG)),
                400, "The enrolment in " + arena.slug + " needs the email of your PhysioNet account (field "
                        + "physionetEmail), the same as this account's.");
        refused(enrol(arena, ada, "Evidence").param("physionetUsername", "ada")
                        .param("physionetEmail", "someone-else@example.org")
                        .file(file("credentialCertificate", "cert.pdf", PDF)).file(file("duaProof", "dua.png", PNG)),
                400, "The PhysioNet email someone-else@example.org is not this account's email (" + ada.email()
                        + "): " + arena.slug + " requires them to be the same. Register with your PhysioNet email, "
                        + "or change the one at PhysioNet.");
        refused(enrol(arena, ada, "Evidence").param("physionetUsername", "ada").param("physionetEmail", ada.email())
                        .file(file("credentialCertificate", "cert.pdf", PDF)),
                400, "The enrolment in " + arena.slug + " needs the proof of the signed data use agreement as a PDF, "
                        + "PNG or JPEG file in the multipart part 'duaProof'.");
        refused(enrol(arena, ada, "Evidence").param("physionetUsername", "ada").param("physionetEmail", ada.email())
                        .file(file("credentialCertificate", "cert.pdf", PDF))
                        .file(new MockMultipartFile("duaProof", "dua.pdf", "application/pdf",
                                "<html>not a pdf</html>".getBytes(StandardCharsets.UTF_8))),
                415, "The proof of the signed data use agreement ('duaProof') is not a PDF, PNG or JPEG file, judged "
                        + "by its content (it was sent as application/pdf): send a PDF, PNG or JPEG.");
        byte[] large = Arrays.copyOf(PDF, 64 * 1024 + 1);
        refused(enrol(arena, ada, "Evidence").param("physionetUsername", "ada").param("physionetEmail", ada.email())
                        .file(file("credentialCertificate", "cert.pdf", large)).file(file("duaProof", "dua.png", PNG)),
                413, "The credential certificate is 65537 bytes; the most taken is 64 KB.");
        refused(enrol(arena, ada, "Evidence").param("physionetUsername", "ada").param("physionetEmail", ada.email())
                        .file(file("credentialCertificate", "cert.pdf", new byte[0])).file(file("duaProof", "d.png", PNG)),
                400, "The credential certificate is empty.");
        refused(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON).content("""
                        {"name":"Quick","email":"quick-%s@example.org","team":"Quick","challenge":"%s"}
                        """.formatted(UUID.randomUUID(), arena.slug))),
                400, "The enrolment in " + arena.slug + " needs the PhysioNet username, the PhysioNet email (equal to "
                        + "the account's), the credential certificate, the proof of the signed data use agreement: "
                        + "open an account with POST /api/v1/accounts, then enrol with the evidence at "
                        + "POST /api/v1/challenges/" + arena.slug + "/enrolments (multipart).");
        assertThat(jdbc.queryForObject("select count(*) from enrolment where participant_id = ?", Integer.class,
                ada.id())).as("nothing of a refused enrolment is kept").isZero();

        mvc.perform(enrol(arena, ada, "Evidence").param("physionetUsername", "ada.l")
                        .param("physionetEmail", ada.email().toUpperCase())
                        .file(file("credentialCertificate", "../../etc/cert\".pdf", PDF))
                        .file(file("duaProof", "dua.jpg", JPEG)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.evidence[0]").value("CREDENTIAL_CERTIFICATE"))
                .andExpect(jsonPath("$.evidence[1]").value("DUA_PROOF"));

        // the organizers review it, with its evidence
        JsonNode pending = json(mvc.perform(get("/api/v1/admin/challenges/" + arena.slug + "/enrolments")
                        .param("status", "PENDING").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk()));
        assertThat(pending.size()).isEqualTo(1);
        JsonNode review = pending.get(0);
        assertThat(review.get("physionetUsername").asString()).isEqualTo("ada.l");
        assertThat(review.get("evidence").get(0).get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(review.get("evidence").get(0).get("fileName").asString()).isEqualTo("cert_.pdf"); // the path and the quote gone
        String href = review.get("evidence").get(1).get("href").asString();
        assertThat(href).isEqualTo("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + ada.id()
                + "/evidence/duaProof");
        mvc.perform(get(href).header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk())
                .andExpect(content().contentType("image/jpeg"))
                .andExpect(content().bytes(JPEG))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"dua.jpg\"; filename*=UTF-8''dua.jpg"));
        mvc.perform(get("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + ada.id()
                        + "/evidence/credentialCertificate").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(content().contentType("application/pdf"))
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"cert_.pdf\"; filename*=UTF-8''cert_.pdf"));
        mvc.perform(get("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + ada.id() + "/evidence/passport")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no evidence 'passport': it is credentialCertificate "
                        + "or duaProof."));

        // rejected with a reason, which the participant reads; then sent again
        events.clear();
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + ada.id() + "/reject")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"The DUA proof is for another dataset.\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"));
        assertThat(events.stream(EnrolmentDecided.class).toList()).containsExactly(new EnrolmentDecided(ada.id(),
                "Ada", ada.email(), arena.slug, "A test arena", false, "The DUA proof is for another dataset.", null));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(ada.token())))
                .andExpect(jsonPath("$.enrolments[0].status").value("REJECTED"))
                .andExpect(jsonPath("$.enrolments[0].reason").value("The DUA proof is for another dataset."));
        mvc.perform(enrol(arena, ada, "Evidence").param("physionetUsername", "ada.l")
                        .param("physionetEmail", ada.email())
                        .file(file("credentialCertificate", "cert.png", PNG)).file(file("duaProof", "dua.pdf", PDF)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING"));
        mvc.perform(put("/api/v1/admin/challenges/" + arena.slug + "/data-access")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"Download at https://example.org/cxr\"}"))
                .andExpect(status().isOk());
        events.clear();
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + ada.id() + "/approve")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.evidence[1].contentType").value("application/pdf"));
        assertThat(events.stream(EnrolmentDecided.class).toList()).containsExactly(new EnrolmentDecided(ada.id(),
                "Ada", ada.email(), arena.slug, "A test arena", true, null, "Download at https://example.org/cxr"));
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + ada.id() + "/approve")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Participant " + ada.id() + " is already approved."));
    }

    @Test
    void dataAccessIsForApprovedMembersOfThatChallengeOnly() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Arena elsewhere = Arena.create(mvc, "");
        Participant approved = api().approved(arena, "Data");
        String path = "/api/v1/challenges/" + arena.slug + "/data-access";
        mvc.perform(get(path).header("Authorization", bearer(approved.token())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("The organizers of " + arena.slug + " have not published the "
                        + "data-access instructions yet."));
        mvc.perform(put("/api/v1/admin/challenges/" + arena.slug + "/data-access")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"Get the images at https://example.org/mimic-cxr-jpg\"}"))
                .andExpect(status().isOk());

        mvc.perform(get(path).header("Authorization", bearer(approved.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.text").value("Get the images at https://example.org/mimic-cxr-jpg"));
        mvc.perform(get(path)).andExpect(status().isUnauthorized());
        Participant pending = api().register(arena, "Data pending");
        mvc.perform(get(path).header("Authorization", bearer(pending.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The data of " + arena.slug + " is released to its approved "
                        + "members: your enrolment is pending."));
        Participant rejected = api().register(arena, "Data rejected");
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + rejected.id() + "/reject")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"no credential\"}"))
                .andExpect(status().isOk());
        mvc.perform(get(path).header("Authorization", bearer(rejected.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The data of " + arena.slug + " is released to its approved "
                        + "members: your enrolment is rejected (no credential)."));
        Participant other = api().approved(elsewhere, "Data elsewhere");
        mvc.perform(get(path).header("Authorization", bearer(other.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("The data of " + arena.slug + " is released to its approved "
                        + "members: you are not enrolled in it."));
    }

    @Test
    void theTemplateHasTheHeaderAndTheAnswerKeysIdsButNoValue() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant member = api().approved(arena, "Template");
        String csv = mvc.perform(get(arena.phase() + "/template.csv").header("Authorization", bearer(member.token())))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"" + arena.slug + "-t-p-template.csv\""))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        String key = new String(Api.answerKey(AnswerKeysForTests.TASK2), StandardCharsets.UTF_8);
        List<String> keyLines = key.lines().toList();
        assertThat(lines.get(0)).isEqualTo(keyLines.get(0)); // dicom_id, then the labels in order
        assertThat(lines).hasSize(keyLines.size());
        int labels = keyLines.get(0).split(",").length - 1;
        for (int i = 1; i < lines.size(); i++) {
            String id = keyLines.get(i).substring(0, keyLines.get(i).indexOf(','));
            assertThat(lines.get(i)).as("line " + i + ": its id, and no value").isEqualTo(id + ",".repeat(labels));
        }

        Participant pending = api().register(arena, "Template pending");
        mvc.perform(get(arena.phase() + "/template.csv").header("Authorization", bearer(pending.token())))
                .andExpect(status().isForbidden());
        String slug = "templateless-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(put("/api/v1/admin/challenges/" + slug).header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content(Arena.definition("")))
                .andExpect(status().isCreated());
        Participant keyless = api().approved("Keyless template", slug);
        mvc.perform(get("/api/v1/challenges/" + slug + "/tasks/t/phases/p/template.csv")
                        .header("Authorization", bearer(keyless.token())))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The phase 'p' of t in " + slug + " has no answer key yet, so "
                        + "there are no ids to fill in."));
    }

    @Test
    void aRejectedEnrolmentSentAgainNamingAnotherTeamMovesToIt() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant owner = api().approved(arena, "Standing");
        Participant ada = api().register(arena, "First try");

        // the same name, as a reader tells names apart: the same team
        reject(arena, ada);
        enrolJson(arena, ada.token(), ada.team().toUpperCase()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.team").value(ada.team()));

        // a new name: a new team, hers, and the old one without her
        reject(arena, ada);
        String renamed = "Second try " + UUID.randomUUID();
        enrolJson(arena, ada.token(), renamed).andExpect(status().isCreated())
                .andExpect(jsonPath("$.team").value(renamed))
                .andExpect(jsonPath("$.requestedTeam").value(nullValue()));
        mvc.perform(get("/api/v1/teams/mine").param("challenge", arena.slug).header("Authorization", bearer(ada.token())))
                .andExpect(jsonPath("$.name").value(renamed))
                .andExpect(jsonPath("$.ownerId").value(ada.id()))
                .andExpect(jsonPath("$.members.length()").value(1));
        assertThat(jdbc.queryForObject("select count(*) from enrolment e join team t on t.id = e.team_id where t.name = ?",
                Integer.class, ada.team())).as("members left in the first team").isZero();

        // another's team: a request to join it, as in a first enrolment
        reject(arena, ada);
        enrolJson(arena, ada.token(), owner.team()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.team").value(nullValue()))
                .andExpect(jsonPath("$.requestedTeam").value(owner.team()));
        mvc.perform(get("/api/v1/teams/mine/requests").param("challenge", arena.slug)
                        .header("Authorization", bearer(owner.token())))
                .andExpect(jsonPath("$[0].participantId").value(ada.id()));
        assertThat(jdbc.queryForObject("select count(*) from enrolment e join team t on t.id = e.team_id where t.name = ?",
                Integer.class, renamed)).as("members left in her own team").isZero();
    }

    /** Real HTTP requests on the server's port, released together: one re-enrolment wins, the others see it. */
    @Test
    void rejectedEnrolmentsSentAgainAtOnceMoveToOneTeamLeavingNoTeamWithoutItsOwner() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant ada = api().register(arena, "Racing");
        reject(arena, ada);
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String team = "Racer " + i + " " + UUID.randomUUID();
            requests.add(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/challenges/" + arena.slug + "/enrolments"))
                    .header("Authorization", bearer(ada.token()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"" + team + "\"}"))
                    .build());
        }
        List<Integer> statuses = new ArrayList<>();
        for (HttpResponse<String> response : AllAtOnce.send(requests)) {
            statuses.add(response.statusCode());
            if (response.statusCode() != 201) {
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body()).contains("You are already enrolled in this challenge (pending)");
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409);
        long challengeId = jdbc.queryForObject("select id from challenge where slug = ?", Long.class, arena.slug);
        assertThat(jdbc.queryForObject("select count(*) from enrolment where participant_id = ? and challenge_id = ?",
                Integer.class, ada.id(), challengeId)).isOne();
        assertThat(jdbc.queryForList("""
                select t.name from team t where t.challenge_id = ? and t.owner_id is not null and not exists
                  (select 1 from enrolment e where e.team_id = t.id and e.participant_id = t.owner_id)""",
                String.class, challengeId)).as("teams owned by someone not in them").isEmpty();
        assertThat(jdbc.queryForList("""
                select t.name from team t where t.challenge_id = ?
                  and not exists (select 1 from enrolment e where e.team_id = t.id or e.requested_team_id = t.id)
                  and not exists (select 1 from submission s where s.team_id = t.id)""",
                String.class, challengeId)).as("teams of nobody, their names taken").isEmpty();
    }

    @Test
    void aRejectedOwnerMovingToAnotherTeamRemovesItsEmptyTeamDecliningItsRequests() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant owner = api().register(arena, "Abandoned");
        Participant asking = api().register(arena, "Elsewhere");
        reject(arena, asking);
        enrolJson(arena, asking.token(), owner.team()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.requestedTeam").value(owner.team()));
        reject(arena, owner);

        enrolJson(arena, owner.token(), "Moved " + UUID.randomUUID()).andExpect(status().isCreated());

        assertThat(jdbc.queryForObject("select count(*) from team where name = ?", Integer.class, owner.team()))
                .as("the empty team, removed").isZero();
        assertThat(jdbc.queryForObject("select count(*) from enrolment where participant_id = ? and "
                + "(team_id is not null or requested_team_id is not null)", Integer.class, asking.id()))
                .as("the pending request, declined").isZero();
        assertThat(jdbc.queryForObject("select count(*) from audit_entry where action = 'join-request.decline' "
                + "and target like ?", Integer.class, "%participant:" + asking.id())).isOne();
        // the name is free again: naming it makes a new team, not a request
        Participant again = api().register(arena, "Fresh");
        reject(arena, again);
        enrolJson(arena, again.token(), owner.team()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.team").value(owner.team()));
    }

    private void reject(Arena arena, Participant participant) throws Exception {
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + participant.id() + "/reject")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"not yet\"}"))
                .andExpect(status().isOk());
    }

    @Test
    void anUnknownStatusFilterNamesTheValidOnes() throws Exception {
        Arena arena = Arena.create(mvc, "");
        refused(mvc.perform(get("/api/v1/admin/challenges/" + arena.slug + "/enrolments").param("status", "open")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))),
                400, "status must be one of PENDING, APPROVED, REJECTED, not 'open'.");
    }

    @Test
    void aRepeatedStatusFilterIsRefusedShowingItsValues() throws Exception {
        Arena arena = Arena.create(mvc, "");
        refused(mvc.perform(get("/api/v1/admin/challenges/" + arena.slug + "/enrolments").param("status", "MAYBE", "X")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))),
                400, "status may be given once, not 2 times ('MAYBE', 'X').");
        refused(mvc.perform(get("/api/v1/admin/challenges/" + arena.slug + "/enrolments")
                        .param("status", "PENDING", "APPROVED").header("Authorization", bearer(ORGANIZER_TOKEN))),
                400, "status may be given once, not 2 times ('PENDING', 'APPROVED').");
        refused(mvc.perform(get("/api/v1/admin/registrations").param("status", "PENDING", "REJECTED")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))),
                400, "status may be given once, not 2 times ('PENDING', 'REJECTED').");
        mvc.perform(get("/api/v1/admin/challenges/" + arena.slug + "/enrolments").param("status", "pending")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
    }

    private void requireEverything(Arena arena) throws Exception {
        mvc.perform(put("/api/v1/admin/challenges/" + arena.slug + "/registration")
                        .header("Authorization", bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"physionetUsername":true,"credentialCertificate":true,"duaProof":true,
                                 "physionetEmailMatch":true}"""))
                .andExpect(status().isOk());
    }

    private record Account(long id, String token, String email) {
    }

    private Account account() throws Exception {
        String email = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        JsonNode body = json(mvc.perform(post("/api/v1/accounts").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Ada\",\"email\":\"" + email + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").isEmpty()));
        return new Account(body.get("participantId").asLong(), body.get("token").asString(), email);
    }

    private Participant register(Arena arena, String team) throws Exception {
        JsonNode body = json(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"Same","email":"same-%s@example.org","team":"%s","challenge":"%s"}
                                """.formatted(UUID.randomUUID(), team, arena.slug)))
                .andExpect(status().isCreated()));
        return new Participant(body.get("participantId").asLong(), body.get("token").asString(), team);
    }

    private ResultActions enrolJson(Arena arena, String token, String team) throws Exception {
        return mvc.perform(post("/api/v1/challenges/" + arena.slug + "/enrolments")
                .contentType(MediaType.APPLICATION_JSON).content("{\"team\":\"" + team + "\"}")
                .header("Authorization", bearer(token)));
    }

    private static MockMultipartHttpServletRequestBuilder enrol(Arena arena, Account account, String team) {
        MockMultipartHttpServletRequestBuilder request = multipart("/api/v1/challenges/" + arena.slug + "/enrolments");
        request.param("team", team + " " + account.id()).header("Authorization", bearer(account.token()));
        return request;
    }

    private static MockMultipartFile file(String part, String name, byte[] content) {
        return new MockMultipartFile(part, name, "application/octet-stream", content);
    }

    private void refused(MockMultipartHttpServletRequestBuilder request, int status, String detail) throws Exception {
        refused(mvc.perform(request), status, detail);
    }

    private static void refused(ResultActions result, int status, String detail) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
    }
}
