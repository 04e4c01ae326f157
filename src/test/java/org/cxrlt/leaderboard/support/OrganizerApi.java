package org.cxrlt.leaderboard.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Calls on a {@link Stage}'s phases, as the organizer-tool tests make them. */
public final class OrganizerApi {

    private final MockMvc mvc;
    private final Stage stage;

    public OrganizerApi(MockMvc mvc, Stage stage) {
        this.mvc = mvc;
        this.stage = stage;
    }

    public ResultActions uploadAnswerKey(String phase, byte[] file) throws Exception {
        return mvc.perform(multipart(HttpMethod.PUT, stage.admin(phase) + "/answer-key")
                .file(new MockMultipartFile("file", "answer-key.csv", "text/csv", file))
                .header("Authorization", Api.bearer(ServiceTests.ORGANIZER_TOKEN)));
    }

    public ResultActions submit(String token, String phase, byte[] file, String fileName, String contentType,
                                String description) throws Exception {
        return mvc.perform(multipart(stage.path(phase) + "/submissions")
                .file(new MockMultipartFile("file", fileName, contentType, file))
                .param("description", description)
                .header("Authorization", Api.bearer(token)));
    }

    public ResultActions submit(String token, String phase, byte[] file) throws Exception {
        return submit(token, phase, file, "predictions.csv", "text/csv", "from the tests");
    }

    public ResultActions baseline(String phase, String name, byte[] file) throws Exception {
        var request = multipart(stage.admin(phase) + "/baselines")
                .file(new MockMultipartFile("file", "baseline.csv", "text/csv", file))
                .header("Authorization", Api.bearer(ServiceTests.ORGANIZER_TOKEN));
        if (name != null) {
            request.param("name", name);
        }
        return mvc.perform(request);
    }

    /**
     * The same answer key with every label's column shifted down one row (the last row's values
     * go to the first): the same ids and positives per label, a different truth.
     */
    public static byte[] shiftedTruth(byte[] answerKey) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(answerKey, StandardCharsets.UTF_8).split("\n")));
        lines.removeIf(String::isBlank);
        List<String> ids = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            ids.add(line.substring(0, comma));
            values.add(line.substring(comma));
        }
        StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 0; i < ids.size(); i++) {
            out.append(ids.get(i)).append(values.get((i + values.size() - 1) % values.size())).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
