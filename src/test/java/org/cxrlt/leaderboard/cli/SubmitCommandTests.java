package org.cxrlt.leaderboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code submit} against the running service, and against a service that drops the first upload. */
class SubmitCommandTests extends ServiceTests {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run submit(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            String[] all = new String[args.length + 1];
            all[0] = "submit";
            System.arraycopy(args, 0, all, 1, args.length);
            exit = SubmitCommand.run(all, env, o, e, Duration.ofMillis(20));
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String[] phaseArgs(Arena arena, Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("--server", "http://localhost:" + port, "--challenge", arena.slug,
                "--task", "t", "--phase", "p"));
        args.addAll(List.of(more));
        args.add(file.toString());
        return args.toArray(String[]::new);
    }

    @Test
    void uploadsWaitsAndPrintsTheScoresOfTheService() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant p = api().approved(arena, "Cli");
        Path file = Files.write(dir.resolve("predictions.csv"), Api.predictions(AnswerKeysForTests.TASK2, 0.6, 7));

        Run run = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file, "--description", "from the cli", "--wait"));

        assertThat(run.exit()).as(run.err()).isZero();
        long id = Long.parseLong(run.out().lines().findFirst().orElseThrow().split(" ")[1]);
        JsonNode scored = api().submission(p.token(), id);
        assertThat(scored.get("status").asString()).isEqualTo("SCORED");
        assertThat(scored.get("description").asString()).isEqualTo("from the cli");
        // the mean exactly as the service has it, every digit
        assertThat(run.out()).contains("mAP     " + scored.get("scores").get("mAP").asDouble(),
                "mAP by group: head", "Atelectasis");
        assertThat(run.err()).contains("the file reads well", "uploading predictions.csv", "100%",
                "accepted: submission " + id, "status: SCORED");
    }

    @Test
    void aFactSheetThePhaseRefusesIsSaidBeforeTheFileIsSent() throws Exception {
        Arena required = Arena.create(mvc, "\"factSheet\":\"REQUIRED\"");
        Api.Participant p = api().approved(required, "Cli sheetless");
        Path file = Files.write(dir.resolve("predictions.csv"), Api.predictions(AnswerKeysForTests.TASK2, 0.6, 7));

        Run missing = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(required, file, "--code-url",
                "https://github.com/team/vit"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(
                "error: phase p asks for a fact sheet with each submission: give --method-name",
                "error: phase p asks for a fact sheet with each submission: give --method-description",
                "nothing was uploaded").doesNotContain("uploading");

        Arena none = Arena.create(mvc, "");
        api().enrolApproved(p, none.slug);
        Run unwanted = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(none, file, "--method-name", "ViT"));
        assertThat(unwanted.exit()).isEqualTo(2);
        assertThat(unwanted.err()).contains("error: phase p takes no fact sheet: leave out --method-name",
                "nothing was uploaded").doesNotContain("uploading");
        for (Arena arena : List.of(required, none)) {
            assertThat(Api.json(mvc.perform(get(arena.phase() + "/submissions")
                            .header("Authorization", Api.bearer(p.token()))).andExpect(status().isOk()))
                    .get("totalItems").asInt()).as("submissions stored").isZero();
        }
    }

    @Test
    void theFactSheetOptionsAreSentWithTheUpload() throws Exception {
        Arena arena = Arena.create(mvc, "\"factSheet\":\"REQUIRED\"");
        Api.Participant p = api().approved(arena, "Cli sheet");
        Path file = Files.write(dir.resolve("predictions.csv"), Api.predictions(AnswerKeysForTests.TASK2, 0.6, 7));

        Run run = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file, "--method-name", "Long-tail ViT",
                "--method-description", "ViT-B/16, re-weighted loss", "--code-url", "https://github.com/team/vit",
                "--paper-url", "https://arxiv.org/abs/2400.00002", "--description", "sheet"));

        assertThat(run.exit()).as(run.err()).isZero();
        long id = Long.parseLong(run.out().lines().findFirst().orElseThrow().split(" ")[1]);
        JsonNode sheet = api().submission(p.token(), id).get("factSheet");
        assertThat(sheet.get("methodName").asString()).isEqualTo("Long-tail ViT");
        assertThat(sheet.get("methodDescription").asString()).isEqualTo("ViT-B/16, re-weighted loss");
        assertThat(sheet.get("codeUrl").asString()).isEqualTo("https://github.com/team/vit");
        assertThat(sheet.get("paperUrl").asString()).isEqualTo("https://arxiv.org/abs/2400.00002");

        // the phase requires a description too; without the local check, the service's refusal names the field
        Run refused = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file, "--method-name", "ViT",
                "--no-check"));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("the upload was refused (400)", "methodDescription is required");

        // a link that is not http or https is a usage error, before anything is sent
        Run badUrl = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file, "--method-name", "ViT",
                "--code-url", "file:///home/me/code"));
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--code-url must be an http:// or https:// URL, was \"file:///home/me/code\"",
                SubmitCommand.USAGE);
        Run badPaper = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file, "--paper-url", "arxiv.org/abs/1"));
        assertThat(badPaper.exit()).isEqualTo(2);
        assertThat(badPaper.err()).contains("--paper-url must be an http:// or https:// URL");
        JsonNode list = Api.json(mvc.perform(get(arena.phase() + "/submissions")
                .header("Authorization", Api.bearer(p.token()))));
        assertThat(list.get("items").size()).isEqualTo(1);
    }

    @Test
    void aFileTheServiceWouldRefuseIsRefusedBeforeUploading() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant p = api().approved(arena, "Cli refused");
        Path file = Files.writeString(dir.resolve("bad.csv"), "dicom_id,Atelectasis\nx,0.5\n");

        Run run = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file, "--wait"));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("would be refused", "\"Cardiomegaly\" is missing", "nothing was uploaded");
        JsonNode list = Api.json(mvc.perform(get(arena.phase() + "/submissions").header("Authorization", Api.bearer(p.token()))));
        assertThat(list.get("items").size()).isZero();
    }

    @Test
    void aRefusalOfTheServiceIsPrintedWithExitCodeTwo() throws Exception {
        Arena arena = Arena.create(mvc, "\"paused\":true");
        Api.Participant p = api().approved(arena, "Cli paused");
        Path file = Files.write(dir.resolve("predictions.csv"), Api.predictions(AnswerKeysForTests.TASK2, 0.6, 7));

        Run run = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("the upload was refused (409)", "paused");
        Run unknownPhase = submit(Map.of("CXRLT_TOKEN", p.token()), "--server", "http://localhost:" + port,
                "--challenge", arena.slug, "--task", "t", "--phase", "nope", file.toString());
        assertThat(unknownPhase.exit()).isEqualTo(2);
        assertThat(unknownPhase.err()).contains("has no phase 'nope'");
        Run badToken = submit(Map.of("CXRLT_TOKEN", "not-a-token"), phaseArgs(arena, file));
        assertThat(badToken.exit()).isEqualTo(2);
        assertThat(badToken.err()).contains("(401)", "not valid");
    }

    @Test
    void aFileThatFailsScoringExitsWithThreeAndItsProblems() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Api.Participant p = api().approved(arena, "Cli failed");
        // other ids than the answer key's: read well, refused when matched at scoring
        byte[] otherIds = Api.predictions(Api.synthetic(AnswerKeysForTests.TASK2.labels(), 50, 99), 0.5, 1);
        Path file = Files.write(dir.resolve("other-ids.csv"), otherIds);

        Run run = submit(Map.of("CXRLT_TOKEN", p.token()), phaseArgs(arena, file, "--wait"));

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("status: FAILED", "failed; 1 problem:", "missing from the submission");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theCommandLineIsCheckedFirst() throws Exception {
        Path file = Files.writeString(dir.resolve("x.csv"), "dicom_id\n");
        Run noToken = submit(Map.of(), "--server", "http://localhost:1", "--challenge", "c", "--task", "t",
                "--phase", "p", file.toString());
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("set CXRLT_TOKEN");

        Run unknown = submit(Map.of("CXRLT_TOKEN", "t"), "--token", "abc", file.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option \"--token\"", SubmitCommand.USAGE);

        Run missing = submit(Map.of("CXRLT_TOKEN", "t"), "--server", "http://localhost:1", file.toString());
        assertThat(missing.err()).contains("--challenge is required");

        Run noFile = submit(Map.of("CXRLT_TOKEN", "t"), "--server", "http://localhost:1", "--challenge", "c",
                "--task", "t", "--phase", "p", dir.resolve("absent.csv").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("no such file");

        Run folder = submit(Map.of("CXRLT_TOKEN", "t"), "--server", "http://localhost:1", "--challenge", "c",
                "--task", "t", "--phase", "p", dir.toString());
        assertThat(folder.exit()).isEqualTo(2);
        assertThat(folder.out()).isEmpty();
        assertThat(folder.err()).contains("cannot read " + dir + ": a folder, not a file");

        Run notUrl = submit(Map.of("CXRLT_TOKEN", "t"), "--server", "localhost:8080", "--challenge", "c",
                "--task", "t", "--phase", "p", file.toString());
        assertThat(notUrl.err()).contains("--server must be an http:// or https:// URL");
    }

    @Test
    void everyProblemOfTheCommandLineIsReportedAtOnce() {
        Run run = submit(Map.of(), "--verbose", "--server", "localhost:8080", "--task", "t", "--code-url",
                "ftp://example.org/code", dir.resolve("absent.csv").toString(), "--phase");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
                "error: the command line was refused; 7 problems:",
                "  unknown option \"--verbose\"",
                "  --phase needs a value",
                "  no such file: " + dir.resolve("absent.csv"),
                "  --challenge is required",
                "  --server must be an http:// or https:// URL, was \"localhost:8080\"",
                "  --code-url must be an http:// or https:// URL, was \"ftp://example.org/code\"",
                "  set CXRLT_TOKEN to your token (the one shown when you registered); it is never taken from the "
                        + "command line, where other users of the machine could see it",
                SubmitCommand.USAGE, ""));
    }

    @Test
    void aServiceThatCannotBeReachedExitsWithFour() throws Exception {
        Path file = Files.writeString(dir.resolve("x.csv"), "dicom_id\n");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Run run = submit(Map.of("CXRLT_TOKEN", "t"), "--server", "http://127.0.0.1:" + closed, "--challenge", "c",
                "--task", "t", "--phase", "p", file.toString());
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).contains("could not reach http://127.0.0.1:" + closed);
    }

    @Test
    void anUploadCutOffIsSentAgainWithTheSameIdempotencyKey() throws Exception {
        Path file = Files.write(dir.resolve("predictions.csv"), Api.predictions(AnswerKeysForTests.TASK2, 0.6, 7));
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread fake = new Thread(() -> {
                try {
                    // the first upload: its headers are read, then the connection is dropped
                    try (Socket first = server.accept()) {
                        keys.add(idempotencyKey(readHead(first.getInputStream())));
                    }
                    try (Socket second = server.accept()) {
                        InputStream in = second.getInputStream();
                        String head = readHead(in);
                        keys.add(idempotencyKey(head));
                        long length = Long.parseLong(header(head, "content-length"));
                        in.readNBytes((int) length);
                        byte[] body = "{\"id\":7,\"status\":\"QUEUED\"}".getBytes(StandardCharsets.UTF_8);
                        OutputStream out = second.getOutputStream();
                        out.write(("HTTP/1.1 202 Accepted\r\nLocation: /api/v1/submissions/7\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                } catch (IOException e) {
                    keys.add("fake server failed: " + e);
                }
            });
            fake.start();
            Run run = submit(Map.of("CXRLT_TOKEN", "t"), "--server", "http://127.0.0.1:" + server.getLocalPort(),
                    "--challenge", "c", "--task", "t", "--phase", "p", "--no-check", file.toString());
            fake.join(30_000);

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("trying again with the same Idempotency-Key", "accepted: submission 7");
            assertThat(run.out()).contains("submission 7 QUEUED http://127.0.0.1:" + server.getLocalPort() + "/api/v1/submissions/7");
            assertThat(keys).hasSize(2);
            assertThat(keys.get(0)).isEqualTo(keys.get(1));
            assertThat(UUID.fromString(keys.get(0))).isNotNull();
        }
    }

    @Test
    void thePythonSnippetOfTheReadmeUploadsAndWaits() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3: skipped");
        Path snippet = Path.of("docs/examples/submit.py");
        assertThat(Files.readString(Path.of("README.md"))).as("the README shows the snippet as it is")
                .contains(Files.readString(snippet));
        Arena arena = Arena.create(mvc, "");
        Api.Participant p = api().approved(arena, "Python");
        Path file = Files.write(dir.resolve("predictions.csv"), Api.predictions(AnswerKeysForTests.TASK2, 0.6, 8));

        Process process = python(p.token(), snippet, arena, file);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode list = Api.json(mvc.perform(get(arena.phase() + "/submissions").header("Authorization", Api.bearer(p.token()))));
        double mAP = list.get("items").get(0).get("scores").get("mAP").asDouble();
        assertThat(output).contains("\"mAP\": " + mAP);

        Path bad = Files.writeString(dir.resolve("bad.csv"), "dicom_id,Atelectasis\nx,0.5\n");
        Process refused = python(p.token(), snippet, arena, bad);
        String refusal = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as(refusal).isEqualTo(2);
        assertThat(refusal).contains("refused (422)", "Cardiomegaly");
    }

    private Process python(String token, Path snippet, Arena arena, Path file) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", snippet.toString(), "http://localhost:" + port,
                arena.slug, "t", "p", file.toString()).redirectErrorStream(true);
        builder.environment().put("CXRLT_TOKEN", token);
        return builder.start();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    private static String idempotencyKey(String head) {
        return header(head, "idempotency-key");
    }

    private static String header(String head, String name) {
        return head.lines().filter(l -> l.toLowerCase().startsWith(name + ":"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(null);
    }
}
