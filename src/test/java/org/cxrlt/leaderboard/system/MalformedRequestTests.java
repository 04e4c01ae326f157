package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.RawHttp;
import org.cxrlt.leaderboard.support.RawHttp.Answer;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;

/**
 * Every malformed request of issue 8, sent as raw bytes to the running server (MockMvc would
 * not let most of them be written): each gets a 4xx problem detail naming what is wrong, never
 * a 500 or the container's HTML page.
 */
class MalformedRequestTests extends ServiceTests {

    private static final String BOUNDARY = "----cxrlt-boundary";


    record Case(String name, byte[] request, boolean halfClose, int status, String detail) {
    }

    @Test
    void everyMalformedRequestGetsA4xxProblemDetail() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant member = api().approved(arena, "Malformed");
        String upload = arena.phase() + "/submissions";
        String auth = "Authorization: Bearer " + member.token() + "\r\n";
        byte[] csv = Api.predictions(AnswerKeysForTests.TASK2, 0.5, 91);
        byte[] good = multipart(part("file", "predictions.csv", csv));

        List<Case> cases = new ArrayList<>();
        cases.add(new Case("multipart without a boundary",
                request("POST", upload, auth + "Content-Type: multipart/form-data\r\n", good), false, 400,
                "The request is not multipart/form-data with a boundary"));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        cases.add(new Case("a truncated body", request("POST", upload, auth + multipartType(), truncated,
                good.length), true, 400, "The request could not be read."));
        cases.add(new Case("a short Content-Length", request("POST", upload, auth + multipartType(), good,
                good.length / 2), false, 400, "The multipart body is malformed or cut short"));
        cases.add(new Case("an unescaped quote in the file name", request("POST", upload, auth + multipartType(),
                multipart(rawPart("form-data; name=\"file\"; filename=\"pre\"dictions.csv\"", csv))), false, 400,
                "The Content-Disposition header of the part 'file' has an unbalanced quote"));
        cases.add(new Case("a NUL in the file name", request("POST", upload, auth + multipartType(),
                multipart(rawPart("form-data; name=\"file\"; filename=\"pre\u0000dictions.csv\"", csv))), false, 400,
                "The file name of a part contains a NUL character."));
        byte[][] many = new byte[60][];
        for (int i = 0; i < many.length; i++) {
            many[i] = part("field" + i, null, "x".getBytes(StandardCharsets.UTF_8));
        }
        cases.add(new Case("too many parts", request("POST", upload, auth + multipartType(), multipart(many)), false,
                413, "The request has more parts than the limit of 50 (server.tomcat.max-part-count)."));
        cases.add(new Case("a part header of 5,000 characters", request("POST", upload, auth + multipartType(),
                multipart(part("file", "p".repeat(5000) + ".csv", csv))), false, 413,
                "The headers of a part are longer than the limit of 512 bytes (server.tomcat.max-part-header-size)."));
        cases.add(new Case("request headers over the limit", request("GET", "/api/v1/challenges",
                "X-Padding: " + "y".repeat(20_000) + "\r\n", new byte[0]), false, 400,
                "The request headers are larger than the limit of 8 KB."));
        byte[] bigJson = ("{\"name\":\"" + "x".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("a chunked JSON body over the limit", chunked("/api/v1/registrations", bigJson), false, 413,
                "The request body is larger than the limit of 16 KB for a request that is not a file upload."));
        cases.add(new Case("a JSON body cut short", request("POST", "/api/v1/registrations",
                "Content-Type: application/json\r\n", "{\"name\":\"Ada\",\"em".getBytes(StandardCharsets.UTF_8), 200),
                true, 400, "The request could not be read."));
        cases.add(new Case("a NUL in a query parameter", request("GET", arena.phase() + "/leaderboard?snapshot=%00",
                "", new byte[0]), false, 400, "The query parameter 'snapshot' contains a NUL character"));

        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Answer answer = send(c.request(), c.halfClose());
            boolean ok = answer.status() == c.status() && (c.detail() == null
                    || answer.contentType() != null && answer.contentType().startsWith("application/problem+json")
                    && answer.body().contains(c.detail()));
            if (!ok) {
                wrong.add(c.name() + ": " + answer.status() + " " + answer.contentType() + " " + answer.body());
            }
        }
        assertThat(wrong).as("malformed requests answered otherwise than expected").isEmpty();
    }

    private String multipartType() {
        return "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n";
    }

    private static byte[] part(String name, String fileName, byte[] content) {
        String disposition = "form-data; name=\"" + name + "\"" + (fileName == null ? "" : "; filename=\"" + fileName + "\"");
        return rawPart(disposition, content);
    }

    private static byte[] rawPart(String disposition, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition
                + "\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] multipart(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] request(String method, String path, String headers, byte[] body) {
        return request(method, path, headers, body, body.length);
    }

    private byte[] request(String method, String path, String headers, byte[] body, int contentLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                + (method.equals("GET") ? "" : "Content-Length: " + contentLength + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private byte[] chunked(String path, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        for (int offset = 0; offset < body.length; offset += 4096) {
            int length = Math.min(4096, body.length - offset);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body, offset, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private Answer send(byte[] request, boolean halfClose) throws IOException {
        return RawHttp.exchange(port, request, halfClose);
    }

}
