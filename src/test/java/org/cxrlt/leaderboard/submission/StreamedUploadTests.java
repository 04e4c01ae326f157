package org.cxrlt.leaderboard.submission;

import static org.cxrlt.leaderboard.support.Bytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A participant's upload over real HTTP, read as it arrives: stored while it arrives when a turn
 * to store is free at once, else received into its file first; one still arriving after its
 * window gives back its turn and its connection; one cut short or refused leaves nothing behind.
 * Each client sends its body in steps, the test deciding when the next step goes.
 */
class StreamedUploadTests extends ServiceTests {

    private static final String BOUNDARY = "streamedUploadBoundary";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private Submissions submissions;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private WebServerApplicationContext context;

    private Arena arena;
    private Api.Participant team;
    private long teamId;
    private long lastIdBefore;

    @BeforeEach
    void phase() throws Exception {
        arena = Arena.create(mvc, "");
        team = api().approved(arena, "Streamed");
        teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team.team());
        lastIdBefore = jdbc.queryForObject("select coalesce(max(id), 0) from submission", Long.class);
    }

    @AfterEach
    void defaultWindow() {
        submissions.streamWindow(Duration.ofSeconds(5));
        submissions.restDeadline(fromFiles -> fromFiles);
    }

    @Test
    void anUploadWithFieldsAfterItsFileIsStoredAsItArrivesAndScoredFromItsLocalCopy() throws Exception {
        byte[] csv = predictions(71);
        double localReads = reads("local");
        long afterArriving = submissions.storedAfterArriving();

        Answer answer = send(form(csv, "description", "after the file"), null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode view = JsonMapper.shared().readTree(answer.body());
        long id = view.get("id").asLong();
        assertThat(view.get("description").asString()).isEqualTo("after the file");
        assertThat(view.get("fileName").asString()).isEqualTo("predictions.csv");
        assertThat(view.get("fileSize").asLong()).isEqualTo(csv.length);
        assertThat(submissions.storedAfterArriving()).isEqualTo(afterArriving);
        awaitScored(id);
        assertThat(reads("local") - localReads).isEqualTo(1);
    }

    @Test
    void aWindowOfZeroStoresEveryUploadFromItsFileWithoutStartingToStoreItAsItArrives() throws Exception {
        submissions.streamWindow(Duration.ZERO);
        long afterArriving = submissions.storedAfterArriving();

        Answer answer = send(form(predictions(73), "description", "from its file"), null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        // no stream begun and given up (a window of 0 used to begin one, and give it up at once)
        assertThat(submissions.storedAfterArriving()).isEqualTo(afterArriving);
    }

    @Test
    void byDefaultUploadsStoreOnePerProcessorTwoToFourAtOnceAndStreamOneFewer() {
        int stores = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(submissions.storingTurns().availablePermits()).isEqualTo(stores);
        assertThat(submissions.streamingTurns().availablePermits()).isEqualTo(stores - 1);
    }

    @Test
    void anUploadStillArrivingAfterItsWindowGivesBackItsTurnAndIsStoredFromItsFile() throws Exception {
        submissions.streamWindow(Duration.ofNanos(1)); // every upload's window has passed after its first bytes
        byte[] body = form(predictions(72), "description", "slow");
        long afterArriving = submissions.storedAfterArriving();
        Semaphore turns = submissions.storingTurns();
        int free = turns.availablePermits();

        try (Client client = new Client(body)) {
            client.sendFirst(body.length / 2);
            await().atMost(WAIT).until(() -> submissions.storedAfterArriving() == afterArriving + 1);
            // still arriving: its turn and connection are given back, nothing of it is stored
            assertThat(turns.availablePermits()).isEqualTo(free);
            assertThat(partsStoredSince()).isZero();
            assertThat(storedForTeam()).isZero();

            Answer answer = client.sendRest();

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            long id = JsonMapper.shared().readTree(answer.body()).get("id").asLong();
            assertThat(jdbc.queryForObject("select description from submission where id = ?", String.class, id))
                    .isEqualTo("slow");
            awaitScored(id);
        }
    }

    @Test
    void anUploadThatFindsNoTurnFreeIsReceivedFirstThenStoredWhenATurnFrees() throws Exception {
        Semaphore turns = submissions.storingTurns();
        int all = turns.drainPermits();
        CompletableFuture<Answer> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return send(form(predictions(73)), null);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await().atMost(WAIT).until(turns::hasQueuedThreads); // received whole, waiting for a turn
            assertThat(partsStoredSince()).isZero();
        } finally {
            turns.release(all);
        }

        Answer accepted = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        awaitScored(JsonMapper.shared().readTree(accepted.body()).get("id").asLong());
    }

    @Test
    void aClientThatGoesAwayWhileItsUploadIsStoredLeavesNothing() throws Exception {
        submissions.streamWindow(Duration.ofHours(1));
        byte[] body = form(predictions(74));
        Semaphore turns = submissions.storingTurns();
        int free = turns.availablePermits();

        try (Client client = new Client(body, "Idempotency-Key: gone-1\r\n")) {
            client.sendFirst(body.length / 2);
            await().atMost(WAIT).until(() -> turns.availablePermits() == free - 1); // being stored
        } // the connection closes with half the body sent
        await().atMost(WAIT).until(() -> turns.availablePermits() == free);

        assertThat(storedForTeam()).isZero();
        assertThat(partsStoredSince()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where key = 'gone-1'", Long.class))
                .isZero();
        // and the team's quota is untouched: the same upload is taken afterwards
        assertThat(send(form(predictions(74)), "Idempotency-Key: gone-1\r\n").status()).isEqualTo(202);
    }

    @Test
    void aSenderThatFallsSilentMidBodyIsGivenUpAfterTheBodyReadTimeoutWithNothingStoredAndTheTurnFreed()
            throws Exception {
        var protocol = (org.apache.coyote.http11.AbstractHttp11Protocol<?>) ((TomcatWebServer) context.getWebServer())
                .getTomcat().getConnector().getProtocolHandler();
        assertThat(protocol.getDisableUploadTimeout()).isFalse();
        assertThat(protocol.getConnectionUploadTimeout()).isEqualTo(20_000); // cxrlt.web.body-read-timeout
        submissions.streamWindow(Duration.ofHours(1)); // only the silence can end it
        byte[] body = form(predictions(78));
        Semaphore turns = submissions.storingTurns();
        int free = turns.availablePermits();
        protocol.setConnectionUploadTimeout(200); // read by each new request
        try (Client client = new Client(body, "Idempotency-Key: silent-1\r\n")) {
            client.sendFirst(body.length / 2); // and nothing more
            await().atMost(WAIT).until(() -> turns.availablePermits() == free - 1); // being stored
            protocol.setConnectionUploadTimeout(20_000);

            // given up: the turn and the connection are back, nothing of it was stored
            await().atMost(WAIT).until(() -> turns.availablePermits() == free);
            Answer answer = client.answer();
            assertThat(answer.status()).as(answer.body()).isEqualTo(408);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("stopped arriving before its end; nothing was stored");
        } finally {
            protocol.setConnectionUploadTimeout(20_000);
        }
        assertThat(storedForTeam()).isZero();
        assertThat(partsStoredSince()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where key = 'silent-1'", Long.class))
                .isZero();
        assertThat(send(form(predictions(78)), "Idempotency-Key: silent-1\r\n").status()).isEqualTo(202);
    }

    @Test
    void sendersFallenSilentMidBodyHoldAllButOneTurnSoAnUploadReceivedWholeIsStillStored() throws Exception {
        submissions.streamWindow(Duration.ofHours(1));
        Semaphore turns = submissions.storingTurns();
        int all = turns.availablePermits();
        assertThat(all).isGreaterThan(1);
        java.util.List<Client> silent = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < all; i++) { // one more than may be stored as they arrive
                byte[] body = form(predictions(80 + i));
                Client client = new Client(body);
                silent.add(client);
                client.sendFirst(body.length / 2);
                if (i < all - 1) {
                    int held = i + 1;
                    await().atMost(WAIT).until(() -> turns.availablePermits() == all - held);
                }
            }
            // the last of them is being received into its file, holding no turn
            assertThat(turns.availablePermits()).isEqualTo(1);

            Answer answer = send(form(predictions(79)), null);

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(turns.availablePermits()).isEqualTo(1);
        } finally {
            for (Client client : silent) {
                client.close();
            }
        }
        await().atMost(WAIT).until(() -> turns.availablePermits() == all);
        assertThat(storedForTeam()).isEqualTo(1);
    }

    @Test
    void fieldsAfterTheFileStillArrivingAfterTheWindowAreRefusedWithNothingStoredAndTheTurnFreed() throws Exception {
        submissions.streamWindow(Duration.ofHours(1));
        submissions.restDeadline(fromFiles -> System.nanoTime() - 1); // passed when the fields are read
        byte[] body = form(predictions(76), "description", "sent slowly");
        Semaphore turns = submissions.storingTurns();
        int free = turns.availablePermits();

        Answer answer;
        try (Client client = new Client(body, "Idempotency-Key: slow-1\r\n")) {
            client.sendFirst(body.length - 10); // the form's end held back
            answer = client.answer();
        }

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("The form's fields after the file arrived too slowly (more than 3600 s)");
        await().atMost(WAIT).until(() -> turns.availablePermits() == free);
        assertThat(storedForTeam()).isZero();
        assertThat(partsStoredSince()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where key = 'slow-1'", Long.class))
                .isZero();
        // the quota untouched and the turn given back: the same upload is stored afterwards
        submissions.restDeadline(fromFiles -> fromFiles);
        assertThat(send(form(predictions(76)), "Idempotency-Key: slow-1\r\n").status()).isEqualTo(202);
        assertThat(storedForTeam()).isEqualTo(1);
    }

    @Test
    void aBodyCutShortInItsClosingDelimiterLeavesNothing() throws Exception {
        submissions.streamWindow(Duration.ofHours(1));
        byte[] body = form(predictions(77));
        Semaphore turns = submissions.storingTurns();
        int free = turns.availablePermits();

        Integer status = null;
        try (Client client = new Client(body, "Idempotency-Key: cut-1\r\n")) {
            client.sendFirst(body.length - 3); // ends "--boundary-", its declared length 3 bytes longer
            client.socket.shutdownOutput();
            status = client.answer().status();
        } catch (IOException closed) {
            // the connection closed unanswered: as refused
        }

        if (status != null) {
            assertThat(status).isEqualTo(400);
        }
        await().atMost(WAIT).until(() -> turns.availablePermits() == free);
        assertThat(storedForTeam()).isZero();
        assertThat(partsStoredSince()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where key = 'cut-1'", Long.class))
                .isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "XX\r\n", "-"})
    void aMalformedClosingDelimiterIsRefusedWithNothingStored(String after) throws Exception {
        byte[] full = form(predictions(78));
        String closing = "--" + BOUNDARY + "--\r\n";
        byte[] body = concat(Arrays.copyOf(full, full.length - closing.length() + 2 + BOUNDARY.length()),
                after.getBytes(StandardCharsets.US_ASCII));

        Answer answer = send(body, null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(storedForTeam()).isZero();
    }

    @Test
    void anEpilogueAfterTheClosingDelimiterIsReadPast() throws Exception {
        byte[] body = concat(form(predictions(79)), "an epilogue\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(send(body, null).status()).isEqualTo(202);
    }

    @Test
    void anUploadRefusedForAFieldAfterItsFileLeavesNothing() throws Exception {
        Answer answer = send(form(predictions(75), "description", "d".repeat(Submissions.MAX_DESCRIPTION + 1)),
                "Idempotency-Key: refused-1\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("The description is longer than 2000 characters.");
        assertThat(storedForTeam()).isZero();
        assertThat(partsStoredSince()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where key = 'refused-1'", Long.class))
                .isZero();
    }

    @Test
    void aFileWithoutTheLabelsIsRefusedOnItsFirstBytesWithNothingStored() throws Exception {
        byte[] csv = "study_id,nothing_else\n".getBytes(StandardCharsets.US_ASCII);
        byte[] padding = new byte[512 << 10];
        Arrays.fill(padding, (byte) '\n');
        Semaphore turns = submissions.storingTurns();
        int free = turns.availablePermits();

        Answer answer = send(form(concat(csv, padding)), null);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(storedForTeam()).isZero();
        assertThat(turns.availablePermits()).isEqualTo(free);
    }

    private long storedForTeam() {
        return jdbc.queryForObject("select count(*) from submission where team_id = ?", Long.class, teamId);
    }

    /** Rows of parts of submissions whose id came after this test began (committed ones only). */
    private long partsStoredSince() {
        return jdbc.queryForObject("select count(*) from submission_file_part where submission_id > ?", Long.class,
                lastIdBefore);
    }

    private void awaitScored(long id) {
        await().atMost(WAIT).until(() -> "SCORED".equals(
                jdbc.queryForObject("select status from submission where id = ?", String.class, id)));
    }

    private double reads(String source) {
        return meters.counter("cxrlt.scoring.reads", "source", source).count();
    }

    private static byte[] predictions(long seed) throws IOException {
        return Api.predictions(AnswerKeysForTests.TASK2, 0.7, seed);
    }

    /** A multipart form: the file first, then the given fields (name, value, ...). */
    private static byte[] form(byte[] file, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"predictions.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        for (int i = 0; i < fields.length; i += 2) {
            out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fields[i]
                    + "\"\r\n\r\n" + fields[i + 1]).getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private Answer send(byte[] body, String headers) throws IOException {
        try (Client client = new Client(body, headers == null ? "" : headers)) {
            return client.sendRest();
        }
    }

    record Answer(int status, String contentType, String body) {
    }

    /** One upload over a socket of its own, its body sent in steps. */
    private final class Client implements AutoCloseable {

        private final Socket socket;
        private final byte[] body;
        private int sent;

        Client(byte[] body) throws IOException {
            this(body, "");
        }

        Client(byte[] body, String headers) throws IOException {
            this.body = body;
            this.socket = new Socket("localhost", port);
            socket.setSoTimeout((int) WAIT.toMillis());
            String head = "POST " + arena.phase() + "/submissions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + team.token() + "\r\n" + headers
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
        }

        void sendFirst(int bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(body, sent, bytes);
            out.flush();
            sent += bytes;
        }

        Answer sendRest() throws IOException {
            sendFirst(body.length - sent);
            return answer();
        }

        /** Reads the response as far as it goes (not to the connection's end: the server may still await the body). */
        Answer answer() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the response ended in its headers: " + head);
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headers.substring(9, 12));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String lower = headers.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("transfer-encoding: chunked")) {
                while (true) {
                    int length = Integer.parseInt(line(in).trim(), 16);
                    if (length == 0) {
                        break;
                    }
                    body.writeBytes(in.readNBytes(length));
                    line(in);
                }
            } else {
                int at = lower.indexOf("content-length:");
                int length = at < 0 ? 0 : Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
                body.writeBytes(in.readNBytes(length));
            }
            int type = lower.indexOf("content-type:");
            String contentType = type < 0 ? "" : lower.substring(type + 13, lower.indexOf("\r\n", type)).trim();
            return new Answer(status, contentType, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
