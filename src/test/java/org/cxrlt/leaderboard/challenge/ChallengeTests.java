package org.cxrlt.leaderboard.challenge;

import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ChallengeTests extends ServiceTests {

    @Test
    void theSeededChallengeHasEveryTaskWithItsLabelsInOfficialOrder() throws Exception {
        mvc.perform(get("/api/v1/challenges/cxr-lt-2024"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tasks[*].slug").value(org.hamcrest.Matchers.contains("task1", "task2", "task3")))
                .andExpect(jsonPath("$.tasks[0].labels", hasSize(40)))
                .andExpect(jsonPath("$.tasks[1].labels[14]").value("Normal"))
                .andExpect(jsonPath("$.tasks[1].labels[15]").value("Nodule"))
                .andExpect(jsonPath("$.tasks[2].labels").value(org.hamcrest.Matchers.contains(
                        CxrLt2024.TASK3_LABELS.toArray())))
                .andExpect(jsonPath("$.tasks[2].phases[0].slug").value("development"))
                .andExpect(jsonPath("$.tasks[2].phases[0].opensAt").value("2024-05-01T00:00:00Z"))
                .andExpect(jsonPath("$.tasks[2].phases[0].closesAt").doesNotExist())
                .andExpect(jsonPath("$.tasks[2].phases[0].open").value(true))
                .andExpect(jsonPath("$.tasks[2].phases[1].slug").value("test"))
                .andExpect(jsonPath("$.tasks[2].phases[1].opensAt").value("2024-08-01T00:00:00Z"))
                .andExpect(jsonPath("$.tasks[2].phases[1].open").value(false));
        mvc.perform(get("/api/v1/challenges"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].slug").value(hasItem("cxr-lt-2024")));
    }

    @Test
    void anUnknownChallengeIsNotFound() throws Exception {
        mvc.perform(get("/api/v1/challenges/cxr-lt-1999"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("There is no challenge 'cxr-lt-1999'."));
    }

    @Test
    void organizersReschedulePhasesAndNullMeansNeverCloses() throws Exception {
        String path = "/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test";
        mvc.perform(patch(path).header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"closesAt\":\"2024-09-30T00:00:00Z\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.opensAt").value("2024-08-01T00:00:00Z"))
                .andExpect(jsonPath("$.closesAt").value("2024-09-30T00:00:00Z"));
        mvc.perform(patch(path).header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"closesAt\":null}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.closesAt").doesNotExist())
                .andExpect(jsonPath("$.open").value(true));
        mvc.perform(patch(path).header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"closesAt\":\"2024-09-15T00:00:00Z\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.open").value(false));
    }

    @Test
    void aPhaseMustCloseAfterItOpens() throws Exception {
        mvc.perform(patch("/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"closesAt\":\"2024-07-01T00:00:00Z\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("closesAt 2024-07-01T00:00:00Z is not after its opensAt "
                        + "2024-08-01T00:00:00Z: a phase must close after it opens."));
    }

    @Test
    void anUnknownPhaseIsNotFoundSayingWhichPart() throws Exception {
        mvc.perform(patch("/api/v1/admin/challenges/cxr-lt-2024/tasks/task9/phases/test")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Challenge 'cxr-lt-2024' has no task 'task9'."));
        mvc.perform(patch("/api/v1/admin/challenges/cxr-lt-2024/tasks/task1/phases/final")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Task 'task1' of challenge 'cxr-lt-2024' has no phase 'final'."));
    }

    @Test
    void aRefusedAnswerKeyListsEveryProblem() throws Exception {
        String missingLabels = "dicom_id,Bulla,Hilum\nimg1,1,0\nimg2,x,1\n";
        api().uploadAnswerKey("task3", "test", missingLabels.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The answer key was refused: ")))
                .andExpect(jsonPath("$.errors").isArray())
                .andExpect(jsonPath("$.errors", org.hamcrest.Matchers.hasSize(org.hamcrest.Matchers.greaterThan(1))));
    }

    @Test
    void anAnswerKeyUploadNeedsItsFilePart() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart(org.springframework.http.HttpMethod.PUT,
                                "/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test/answer-key")
                        .file("key", new byte[] {1})
                        .header("Authorization", bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Required part 'file' is not present."));
    }

    @Test
    void anUnreadableDateIsABadRequest() throws Exception {
        mvc.perform(patch("/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test")
                        .header("Authorization", bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"closesAt\":\"next Tuesday\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "closesAt must be an instant such as \"2024-08-01T00:00:00Z\", not \"next Tuesday\"."));
    }

    @Test
    void answerKeysAreForOrganizersOnly() throws Exception {
        Api.Participant participant = api().approved("Key thief");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart(org.springframework.http.HttpMethod.PUT,
                                "/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test/answer-key")
                        .file("file", new byte[] {1})
                        .header("Authorization", bearer(participant.token())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only organizers may do this."));
    }
}
