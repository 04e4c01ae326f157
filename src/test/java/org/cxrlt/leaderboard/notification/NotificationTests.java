package org.cxrlt.leaderboard.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.cxrlt.leaderboard.support.TestMailServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;

/** The notification mails, received by a real SMTP server in the test JVM (GreenMail). */
@ExtendWith(OutputCaptureExtension.class)
class NotificationTests extends ServiceTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private JavaMailSender mailSender;

    private record Person(long id, String token, String email) {
    }

    /** Registers, enrolling in the arena's challenge. */
    private Person register(Arena arena) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String email = "mail-" + unique + "@example.org";
        JsonNode body = Api.json(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"Grace %s","email":"%s","team":"Mailers %s","challenge":"%s"}
                                """.formatted(unique, email, unique, arena.slug)))
                .andExpect(status().isCreated()));
        return new Person(body.get("participantId").asLong(), body.get("token").asString(), email);
    }

    private void approve(Arena arena, Person person) throws Exception {
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + person.id() + "/approve")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isOk());
    }

    private static MimeMessage onlyMailTo(String address) {
        List<MimeMessage> mails = TestMailServer.awaitMailTo(address, 1, WAIT);
        assertThat(mails).as("mails to " + address).hasSize(1);
        return mails.get(0);
    }

    private static MimeMessage mailTo(String address, String subjectPart) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int count = 1; ; count++) {
            List<MimeMessage> mails = TestMailServer.awaitMailTo(address, count, Duration.ofNanos(
                    Math.max(1, deadline - System.nanoTime())));
            for (MimeMessage mail : mails) {
                if (mail.getSubject().contains(subjectPart)) {
                    return mail;
                }
            }
            if (mails.size() < count) {
                throw new AssertionError("no mail to " + address + " with '" + subjectPart + "' within " + WAIT);
            }
        }
    }

    private static String text(MimeMessage mail) throws Exception {
        assertThat(mail.getContentType()).startsWith("text/plain");
        return mail.getContent().toString().replace("\r\n", "\n"); // SMTP sends CRLF
    }

    private long submit(Arena arena, String token, byte[] file) throws Exception {
        String location = arena.submit(token, file).andExpect(status().isAccepted())
                .andReturn().getResponse().getHeader("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void anApprovalIsMailedToTheParticipant() throws Exception {
        Arena arena = Arena.create(mvc, "");
        mvc.perform(put("/api/v1/admin/challenges/" + arena.slug + "/data-access")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"Download the images from https://data.example.org/cxr\"}"))
                .andExpect(status().isOk());
        Person person = register(arena);
        approve(arena, person);

        MimeMessage mail = onlyMailTo(person.email());
        assertThat(mail.getSubject()).isEqualTo("CXR-LT leaderboard: Your enrolment in A test arena (" + arena.slug
                + ") was approved");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("leaderboard@tests.example.org");
        assertThat(text(mail)).contains("Hello Grace", "was approved by the organizers: you can now submit.",
                "How to get the data:\n\nDownload the images from https://data.example.org/cxr",
                "https://leaderboard.example.org/participant");
    }

    @Test
    void aRejectionCarriesTheReasonAsPlainText() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Person person = register(arena);
        mvc.perform(post("/api/v1/admin/challenges/" + arena.slug + "/enrolments/" + person.id() + "/reject")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"<b>No proof</b> of the signed data use agreement\"}"))
                .andExpect(status().isOk());

        MimeMessage mail = onlyMailTo(person.email());
        assertThat(mail.getSubject()).isEqualTo("CXR-LT leaderboard: Your enrolment in A test arena (" + arena.slug
                + ") was rejected");
        assertThat(text(mail)).contains("was rejected by the organizers.",
                "Their reason:\n\n<b>No proof</b> of the signed data use agreement");
    }

    @Test
    void aScoredSubmissionIsMailedWithItsMapAndLink() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Person person = register(arena);
        approve(arena, person);
        long id = submit(arena, person.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.7, 5));
        JsonNode scored = api().awaitScoring(person.token(), id);
        assertThat(scored.get("status").asString()).isEqualTo("SCORED");

        MimeMessage mail = mailTo(person.email(), "submission " + id + " ");
        String mAP = Double.toString(scored.get("scores").get("mAP").asDouble());
        assertThat(mail.getSubject()).isEqualTo("CXR-LT leaderboard: submission " + id + " scored, mAP " + mAP);
        assertThat(text(mail)).contains("Submission " + id + " of team Mailers ", " to " + arena.slug + " / t / p was scored.",
                "mAP: " + mAP, "https://leaderboard.example.org/api/v1/submissions/" + id);
    }

    @Test
    void aFailedSubmissionIsMailedWithItsProblems() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Person person = register(arena);
        approve(arena, person);
        // another answer key's ids: readable, so accepted, then refused when scored
        byte[] otherImages = Api.predictions(Api.synthetic(AnswerKeysForTests.TASK2.labels(), 50, 99), 0.5, 1);
        long id = submit(arena, person.token(), otherImages);
        JsonNode failed = api().awaitScoring(person.token(), id);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");

        MimeMessage mail = mailTo(person.email(), "submission " + id + " failed");
        assertThat(text(mail)).contains("could not be scored.", "The problems:",
                "- " + failed.get("errors").get(0).asString());
    }

    @Test
    void aBaselineMailsNobody() throws Exception {
        Arena arena = Arena.create(mvc, "");
        String location = mvc.perform(multipart(arena.adminPhase() + "/baselines")
                        .file(new MockMultipartFile("file", "baseline.csv", "text/csv",
                                Api.predictions(AnswerKeysForTests.TASK2, 0.5, 3)))
                        .param("name", "Mail baseline")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertThat(api().awaitScoring(ORGANIZER_TOKEN, id).get("status").asString()).isEqualTo("SCORED");
        // Mails leave one at a time in order: once a later one has arrived, the baseline's turn is past.
        Person marker = register(arena);
        approve(arena, marker);
        onlyMailTo(marker.email());

        for (MimeMessage mail : allMails()) {
            assertThat(mail.getSubject()).doesNotContain("submission " + id + " ");
        }
    }

    private static List<MimeMessage> allMails() {
        return TestMailServer.all();
    }

    @Test
    void aMailServerThatCannotBeReachedFailsNoAction(CapturedOutput output) throws Exception {
        JavaMailSenderImpl sender = (JavaMailSenderImpl) mailSender;
        int port = sender.getPort();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Arena arena = Arena.create(mvc, "");
        Person person = register(arena);
        long id;
        sender.setPort(closed);
        try {
            approve(arena, person); // 200, though its mail cannot be sent
            id = submit(arena, person.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.6, 8));
            assertThat(api().awaitScoring(person.token(), id).get("status").asString()).isEqualTo("SCORED");
            await().atMost(WAIT).until(() -> output.getOut().contains(
                    "Could not send the submission scored mail about submission " + id + ":"));
        } finally {
            sender.setPort(port);
        }
        String log = output.getOut();
        assertThat(log).contains("Could not send the enrolment decision mail about participant " + person.id()
                + ": MailSendException <- MailConnectException <- ConnectException (Connection refused)");
        assertThat(log).doesNotContain(person.email()).doesNotContain("Hello Grace");
        assertThat(TestMailServer.mailTo(person.email())).isEmpty();
    }

    @Test
    void causesNameClassesAndOnlyNetworkMessages() {
        RuntimeException error = new RuntimeException("550 <someone@example.org> unknown",
                new java.net.SocketTimeoutException("Read timed out"));
        assertThat(Notifications.causes(error)).isEqualTo("RuntimeException <- SocketTimeoutException (Read timed out)");
    }
}
