package org.cxrlt.leaderboard.support;

import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.cxrlt.leaderboard.evaluation.SyntheticData;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service's API as the tests call it, through MockMvc. */
public final class Api {

    public static final String CHALLENGE = "/api/v1/challenges/cxr-lt-2024";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;

    Api(MockMvc mvc) {
        this.mvc = mvc;
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static String phasePath(String task, String phase) {
        return CHALLENGE + "/tasks/" + task + "/phases/" + phase;
    }

    public static JsonNode json(ResultActions result) throws Exception {
        return JSON.readTree(result.andReturn().getResponse().getContentAsString());
    }

    /** A pending participant of a new team with a unique name, enrolled in cxr-lt-2024. */
    public Participant register(String teamPrefix) throws Exception {
        return register(teamPrefix, "cxr-lt-2024");
    }

    /** A pending participant of a new team with a unique name, enrolled in the arena's challenge. */
    public Participant register(Arena arena, String teamPrefix) throws Exception {
        return register(teamPrefix, arena.slug);
    }

    /** A pending participant of a new team with a unique name, registered and enrolled in one call. */
    public Participant register(String teamPrefix, String challenge) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String team = teamPrefix + " " + unique;
        JsonNode body = json(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"Ada %s","email":"ada-%s@example.org","team":"%s","affiliation":"Tests",
                                 "challenge":"%s"}
                                """.formatted(unique, unique, team, challenge)))
                .andExpect(status().isCreated()));
        return new Participant(body.get("participantId").asLong(), body.get("token").asString(), team);
    }

    public Participant approved(String teamPrefix) throws Exception {
        Participant participant = register(teamPrefix);
        approve(participant, "cxr-lt-2024");
        return participant;
    }

    /** An approved participant of a new team in the challenge. */
    public Participant approved(String teamPrefix, String challenge) throws Exception {
        Participant participant = register(teamPrefix, challenge);
        approve(participant, challenge);
        return participant;
    }

    /** An approved participant of a new team in the arena's challenge. */
    public Participant approved(Arena arena, String teamPrefix) throws Exception {
        Participant participant = register(arena, teamPrefix);
        approve(participant, arena.slug);
        return participant;
    }

    /** The organizers approve the participant's enrolment in the challenge. */
    public void approve(Participant participant, String challenge) throws Exception {
        mvc.perform(post("/api/v1/admin/challenges/" + challenge + "/enrolments/" + participant.id() + "/approve")
                        .header("Authorization", bearer(ServiceTests.ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
    }

    /** The participant enrols (its own team name, as JSON) in another challenge, and is approved there. */
    public void enrolApproved(Participant participant, String challenge) throws Exception {
        mvc.perform(post("/api/v1/challenges/" + challenge + "/enrolments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"team\":\"" + participant.team() + "\"}")
                        .header("Authorization", bearer(participant.token())))
                .andExpect(status().isCreated());
        approve(participant, challenge);
    }

    public ResultActions uploadAnswerKey(String task, String phase, byte[] file) throws Exception {
        return mvc.perform(multipart(HttpMethod.PUT, "/api/v1/admin/challenges/cxr-lt-2024/tasks/" + task
                        + "/phases/" + phase + "/answer-key")
                .file(new MockMultipartFile("file", "answer-key.csv", "text/csv", file))
                .header("Authorization", bearer(ServiceTests.ORGANIZER_TOKEN)));
    }

    public ResultActions submit(String token, String task, String phase, byte[] file) throws Exception {
        return mvc.perform(multipart(phasePath(task, phase) + "/submissions")
                .file(new MockMultipartFile("file", "predictions.csv", "text/csv", file))
                .param("description", "from the tests")
                .header("Authorization", bearer(token)));
    }

    public JsonNode submission(String token, long id) throws Exception {
        return json(mvc.perform(get("/api/v1/submissions/" + id).header("Authorization", bearer(token)))
                .andExpect(status().isOk()));
    }

    /** Polls a submission until it leaves QUEUED and SCORING. */
    public JsonNode awaitScoring(String token, long id) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode submission = submission(token, id);
            String state = submission.get("status").asString();
            if (!state.equals("QUEUED") && !state.equals("SCORING")) {
                return submission;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("submission " + id + " still " + state + " after 30 s");
            }
            Thread.sleep(50);
        }
    }

    public static SyntheticData synthetic(List<String> labels, int rows, long seed) {
        return CxrLt2024.synthetic(labels, rows, seed);
    }

    public static byte[] answerKey(SyntheticData data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.writeAnswerKey(out);
        return out.toByteArray();
    }

    public static byte[] predictions(SyntheticData data, double skill, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.writeSubmission(out, skill, seed);
        return out.toByteArray();
    }

    /** A new organizer account, made by the administrator, assigned to the challenges (slugs). */
    public Organizer organizer(String namePrefix, String... challenges) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String name = namePrefix + " " + unique;
        JsonNode body = json(mvc.perform(post("/api/v1/admin/organizers").contentType(MediaType.APPLICATION_JSON)
                        .header("Authorization", bearer(ServiceTests.ORGANIZER_TOKEN))
                        .content("""
                                {"name":"%s","email":"org-%s@example.org"}
                                """.formatted(name, unique)))
                .andExpect(status().isCreated()));
        long id = body.get("organizerId").asLong();
        for (String challenge : challenges) {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                            "/api/v1/admin/organizers/" + id + "/challenges/" + challenge)
                            .header("Authorization", bearer(ServiceTests.ORGANIZER_TOKEN)))
                    .andExpect(status().isOk());
        }
        return new Organizer(id, name, body.get("token").asString());
    }

    public record Participant(long id, String token, String team) {
    }

    public record Organizer(long id, String name, String token) {
    }
}
