package org.cxrlt.leaderboard.submission;

import static org.cxrlt.leaderboard.support.Bytes.bytes;
import static org.cxrlt.leaderboard.support.Bytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.RawHttp;
import org.cxrlt.leaderboard.support.RawHttp.Answer;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The framing of a participant's multipart upload as the service reads it, over real HTTP:
 * what RFC 2046 allows is taken (a preamble, transport padding, an epilogue of any length,
 * parts in any order, a file name in {@code filename*}), and each malformed body is refused
 * with its status and problem detail, nothing stored.
 */
class MultipartFramingTests extends ServiceTests {

    private static final String BOUNDARY = "------------------------3f9a2c71d0e4b865";

    private Arena arena;
    private Api.Participant team;
    private long teamId;

    @BeforeEach
    void phase() throws Exception {
        arena = Arena.create(mvc, "");
        team = api().approved(arena, "Framing");
        teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team.team());
    }

    @Test
    void aPreambleTransportPaddingAndALongEpilogueAreReadPast() throws Exception {
        byte[] body = concat(bytes("a preamble that clients may send\r\n"),
                form(bytes("--" + BOUNDARY + " \t \r\n"), fileHeaders("predictions.csv"), csv(1),
                        fieldPart("description", "padded")),
                bytes("--" + BOUNDARY + "--\r\n" + "an epilogue line\r\n".repeat(1000)));

        Answer answer = send(BOUNDARY, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode view = JsonMapper.shared().readTree(answer.body());
        assertThat(view.get("description").asString()).isEqualTo("padded");
        assertThat(view.get("fileName").asString()).isEqualTo("predictions.csv");
    }

    @Test
    void fieldsBeforeAndAfterTheFileAndAFileNameInFilenameStarAreRead() throws Exception {
        byte[] file = csv(2);
        byte[] body = concat(bytes(fieldPart("description", "first value")),
                bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
                        + " filename*=UTF-8''pr%C3%A9dictions%20v2.csv\r\nContent-Type: text/csv\r\n\r\n"),
                file, bytes("\r\n" + fieldPart("description", "second value")
                        + "--" + BOUNDARY + "--\r\n"));

        Answer answer = send(BOUNDARY, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode view = JsonMapper.shared().readTree(answer.body());
        assertThat(view.get("fileName").asString()).isEqualTo("pr_dictions_v2.csv");
        assertThat(view.get("fileSize").asLong()).isEqualTo(file.length);
        assertThat(view.get("description").asString()).isEqualTo("first value");
    }

    @Test
    void aBodyWithoutItsFirstDelimiterHasNoFile() throws Exception {
        Answer answer = send(BOUNDARY, bytes("no delimiter here\r\n--other\r\n\r\n"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("The upload needs the file in a multipart part named 'file'.");
        assertThat(storedForTeam()).isZero();
    }

    @Test
    void partHeadersWithoutTheirBlankLineAreMalformed() throws Exception {
        Answer answer = send(BOUNDARY, bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"p.csv\"\r\nstudy_id\r\n--" + BOUNDARY + "--\r\n"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("The multipart body is malformed or cut short");
        assertThat(storedForTeam()).isZero();
    }

    @Test
    void aDelimiterFollowedByOtherBytesIsMalformed() throws Exception {
        byte[] body = concat(form(bytes("--" + BOUNDARY + "\r\n"), fileHeaders("p.csv"), csv(4), ""),
                bytes("--" + BOUNDARY + "XY\r\n--" + BOUNDARY + "--\r\n"));

        Answer answer = send(BOUNDARY, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("The multipart body is malformed or cut short");
        assertThat(storedForTeam()).isZero();
    }

    @Test
    void aBodyThatEndsWithoutItsClosingDelimiterIsMalformed() throws Exception {
        byte[] body = concat(bytes("--" + BOUNDARY + "\r\n"), bytes(fileHeaders("p.csv")), csv(5));

        Answer answer = send(BOUNDARY, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("The multipart body is malformed or cut short");
        assertThat(storedForTeam()).isZero();
    }

    @Test
    void aBoundaryLongerThanSeventyCharactersIsRefused() throws Exception {
        String boundary = "b".repeat(71);
        byte[] body = form(bytes("--" + boundary + "\r\n"), fileHeaders("p.csv"), csv(6), "");

        Answer answer = send(boundary, concat(body, bytes("--" + boundary + "--\r\n")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("The request is not multipart/form-data with a boundary");
    }

    @Test
    void anUnnamedPartIsReadPastAndMultipartMixedIsRefused() throws Exception {
        byte[] unnamed = bytes("--" + BOUNDARY + "\r\nContent-Disposition: attachment; filename=\"x.bin\"\r\n\r\n"
                + "whatever\r\n");
        Answer taken = send(BOUNDARY, concat(unnamed, form(bytes("--" + BOUNDARY + "\r\n"), fileHeaders("p.csv"),
                csv(7), ""), bytes("--" + BOUNDARY + "--\r\n")));
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);

        byte[] mixed = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                + "Content-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\nContent-Disposition: file;"
                + " filename=\"p.csv\"\r\n\r\nstudy_id\r\n--inner--\r\n--" + BOUNDARY + "--\r\n");
        Answer refused = send(BOUNDARY, mixed);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("The part 'file' is multipart/mixed");
    }

    @Test
    void partsWithoutANameCountAgainstThePartLimitWherePartsAreStillRead() throws Exception {
        String unnamed = "--" + BOUNDARY + "\r\nX: y\r\n\r\nz\r\n";
        byte[] body = concat(form(bytes("--" + BOUNDARY + "\r\n"), fileHeaders("p.csv"), csv(10), ""),
                bytes(unnamed.repeat(60) + "--" + BOUNDARY + "--\r\n"));

        Answer answer = send(BOUNDARY, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("The request has more parts than the limit of 50");
    }

    @Test
    void aNulInTheFileNameOfAPartAfterTheFileIsRefused() throws Exception {
        byte[] body = concat(form(bytes("--" + BOUNDARY + "\r\n"), fileHeaders("p.csv"), csv(9), ""),
                bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"other\"; filename=\"a\u0000b.csv\""
                        + "\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n"));

        Answer answer = send(BOUNDARY, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("The file name of a part contains a NUL character.");
        assertThat(storedForTeam()).isZero();
    }

    @Test
    void aBodyOverTheUploadLimitIsRefusedAsItArrives() throws Exception {
        byte[] big = new byte[(2 << 20) + 1];
        java.util.Arrays.fill(big, (byte) '7');
        byte[] body = concat(form(bytes("--" + BOUNDARY + "\r\n"), fileHeaders("p.csv"), concat(csv(8), big), ""),
                bytes("--" + BOUNDARY + "--\r\n"));

        Answer declared = send(BOUNDARY, body);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("The file is larger than the limit of 2 MB.");
        assertThat(storedForTeam()).isZero();
    }

    private long storedForTeam() {
        return jdbc.queryForObject("select count(*) from submission where team_id = ?", Long.class, teamId);
    }

    private static byte[] csv(long seed) throws IOException {
        return Api.predictions(AnswerKeysForTests.TASK2, 0.7, seed);
    }

    private static String fileHeaders(String name) {
        return "Content-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: text/csv\r\n\r\n";
    }

    private static String fieldPart(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    /** A delimiter line, the file part's headers and content, then the given parts (no closing delimiter). */
    private static byte[] form(byte[] delimiterLine, String headers, byte[] file, String after) {
        return concat(delimiterLine, bytes(headers), file, bytes("\r\n" + after));
    }

    /** Sends the upload and reads the response. */
    private Answer send(String boundary, byte[] body) throws IOException {
        byte[] head = ("POST " + arena.phase() + "/submissions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + team.token() + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(port, concat(head, body), false);
    }

}
