package org.cxrlt.leaderboard.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.HeldInQueue;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

class CancelChooseValidateTests extends ServiceTests {

    @Autowired
    DataSource dataSource;

    @Test
    void aQueuedSubmissionIsCancelledAndGivesItsQuotaBack() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxTotal\":1");
        Participant team = api().approved(arena, "Cancels");
        long cancelled;
        try (HeldInQueue held = hold(arena, team)) {
            cancelled = held.id();
            arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 1))
                    .andExpect(status().isTooManyRequests());
            mvc.perform(post("/api/v1/submissions/" + held.id() + "/cancel").header("Authorization", bearer(team.token())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("CANCELLED"));
            conflict(mvc.perform(post("/api/v1/submissions/" + held.id() + "/cancel")
                            .header("Authorization", bearer(team.token()))),
                    "Submission " + held.id() + " is CANCELLED: only a QUEUED submission can be cancelled.");
        }
        long next = json(arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 1))
                .andExpect(status().isAccepted())).get("id").asLong();
        // The workers, woken by the new one and free to claim the cancelled one now, leave it alone.
        api().awaitScoring(team.token(), next);
        assertThat(api().submission(team.token(), cancelled).get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void onlyAQueuedSubmissionOfOnesOwnTeamCanBeCancelled() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant team = api().approved(arena, "Cancel late");
        long id = json(arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 2))
                .andExpect(status().isAccepted())).get("id").asLong();
        api().awaitScoring(team.token(), id);
        conflict(mvc.perform(post("/api/v1/submissions/" + id + "/cancel").header("Authorization", bearer(team.token()))),
                "Submission " + id + " is SCORED: only a QUEUED submission can be cancelled.");
        Participant stranger = api().approved(arena, "Cancel stranger");
        mvc.perform(post("/api/v1/submissions/" + id + "/cancel").header("Authorization", bearer(stranger.token())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no submission " + id + " of your team."));
        mvc.perform(post("/api/v1/submissions/" + id + "/cancel").header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(
                        "The organizer token belongs to no team: use a participant's token."));
    }

    @Test
    void aTeamChoosesAScoredSubmissionOnlyInAChosenPhase() throws Exception {
        Arena arena = Arena.create(mvc, "\"selection\":\"CHOSEN\"");
        Participant team = api().approved(arena, "Chooser");
        long id = json(arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 3))
                .andExpect(status().isAccepted())).get("id").asLong();
        api().awaitScoring(team.token(), id);
        mvc.perform(put("/api/v1/submissions/" + id + "/selected").header("Authorization", bearer(team.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.submissionId").value(id))
                .andExpect(jsonPath("$.team").value(team.team()));

        Participant stranger = api().approved(arena, "Choose stranger");
        mvc.perform(put("/api/v1/submissions/" + id + "/selected").header("Authorization", bearer(stranger.token())))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no submission " + id + " of your team."));

        try (HeldInQueue held = hold(arena, team)) {
            conflict(mvc.perform(put("/api/v1/submissions/" + held.id() + "/selected")
                            .header("Authorization", bearer(team.token()))),
                    "Submission " + held.id() + " is QUEUED: only a SCORED submission can be chosen.");
        }
        arena.patchPhase("{\"selection\":\"BEST\"}").andExpect(status().isOk());
        conflict(mvc.perform(put("/api/v1/submissions/" + id + "/selected").header("Authorization", bearer(team.token()))),
                "The phase 'p' of t in " + arena.slug + " ranks each team's BEST submission: choosing one applies "
                        + "only in a phase whose selection is CHOSEN.");
    }

    @Test
    void validationChecksEverythingAndStoresNothing() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxTotal\":0");
        Participant team = api().approved(arena, "Validator");
        validate(arena, team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 4))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.errors.length()").value(0));
        String csv = new String(Api.predictions(AnswerKeysForTests.TASK2, 0.5, 5), StandardCharsets.UTF_8);
        validate(arena, team.token(), csv.replaceFirst("\n[^,]+,", "\nno-such-image,").getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(false))
                .andExpect(jsonPath("$.errors[0]").value(org.hamcrest.Matchers.startsWith(
                        "1 of the answer key's 406 ids is missing from the submission")));
        Integer stored = jdbc.queryForObject("select count(*) from submission s join enrolment e on e.team_id = "
                + "s.team_id where e.participant_id = ?", Integer.class, team.id());
        assertThat(stored).isZero();
    }

    @Test
    void validationIsRateLimitedPerParticipant() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant team = api().approved(arena, "Validates often");
        byte[] file = "dicom_id\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10; i++) {
            validate(arena, team.token(), file).andExpect(status().isOk()).andExpect(jsonPath("$.valid").value(false));
        }
        validate(arena, team.token(), file)
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "You have checked 10 files in the last minute, the most allowed; try again in ")));
        Participant other = api().approved(arena, "Validates once");
        validate(arena, other.token(), file).andExpect(status().isOk());
    }

    @Test
    void validationNeedsAnApprovedMember() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant pending = api().register(arena, "Validate pending");
        validate(arena, pending.token(), new byte[] {1})
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(
                        "Your registration is pending: files can be checked once an organizer has approved it."));
        Participant team = api().approved(arena, "Validate nofile");
        mvc.perform(multipart(arena.phase() + "/validate").param("x", "y").header("Authorization", bearer(team.token())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The check needs the file in a multipart part named 'file'."));
    }

    @Test
    void aClosedPhaseOrADisqualifiedSubmissionCannotBeChosen() throws Exception {
        Arena arena = Arena.create(mvc, "\"selection\":\"CHOSEN\"");
        Participant team = api().approved(arena, "Chooses late");
        long id = json(arena.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.5, 6))
                .andExpect(status().isAccepted())).get("id").asLong();
        api().awaitScoring(team.token(), id);
        mvc.perform(post("/api/v1/admin/submissions/" + id + "/disqualify").header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"tests\"}"))
                .andExpect(status().isOk());
        conflict(mvc.perform(put("/api/v1/submissions/" + id + "/selected").header("Authorization", bearer(team.token()))),
                "Submission " + id + " was disqualified, so it cannot be chosen.");
        arena.patchPhase("{\"closesAt\":\"2025-01-01T00:00:00Z\"}").andExpect(status().isOk());
        conflict(mvc.perform(put("/api/v1/submissions/" + id + "/selected").header("Authorization", bearer(team.token()))),
                "The phase 'p' of t in " + arena.slug + " closed at 2025-01-01T00:00:00Z: the submission that counts "
                        + "can no longer change.");
    }

    @Test
    void aSubmissionQueuedForARescoreCannotBeCancelled() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant team = api().approved(arena, "Rescored");
        try (HeldInQueue held = hold(arena, team)) {
            jdbc.update("update submission set rescore_requested_at = now() where id = ?", held.id());
            conflict(mvc.perform(post("/api/v1/submissions/" + held.id() + "/cancel")
                            .header("Authorization", bearer(team.token()))),
                    "Submission " + held.id() + " is queued to be re-scored by the organizers, which cannot be "
                            + "cancelled.");
        }
    }

    @Test
    void validationNeedsAnAnswerKey() throws Exception {
        String slug = "keyless-" + System.nanoTime();
        mvc.perform(put("/api/v1/admin/challenges/" + slug).header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content(Arena.definition("")))
                .andExpect(status().isCreated());
        Participant team = api().approved("Keyless", slug);
        conflict(mvc.perform(multipart("/api/v1/challenges/" + slug + "/tasks/t/phases/p/validate")
                        .file(new MockMultipartFile("file", "p.csv", "text/csv", new byte[] {1}))
                        .header("Authorization", bearer(team.token()))),
                "The phase 'p' of t in " + slug + " has no answer key yet, so there is nothing to check a file "
                        + "against.");
    }

    private ResultActions validate(Arena arena, String token, byte[] file) throws Exception {
        return mvc.perform(multipart(arena.phase() + "/validate")
                .file(new MockMultipartFile("file", "p.csv", "text/csv", file))
                .header("Authorization", bearer(token)));
    }

    private static void conflict(ResultActions result, String detail) throws Exception {
        result.andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(detail));
    }

    private HeldInQueue hold(Arena arena, Participant team) throws Exception {
        return HeldInQueue.hold(jdbc, dataSource, arena, team);
    }
}
