package org.cxrlt.leaderboard.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.cxrlt.leaderboard.participant.EnrolmentDecided;
import org.cxrlt.leaderboard.scoring.SubmissionFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends the notification mails, only when SMTP is configured ({@code spring.mail.host}): enrolment
 * decisions, and the end of a participant's submission's scoring. Each mail is sent after the
 * deciding transaction commits, on a thread of its own, so that neither a slow nor a failing mail
 * server delays or fails the action: a mail that cannot be sent is logged (its kind and the id it
 * is about, never the address or the text) and dropped.
 */
@Component
@ConditionalOnProperty(prefix = "spring.mail", name = "host")
class Notifications implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    /** Mails waiting to be sent; beyond this (a mail server down during a surge), new ones are dropped. */
    static final int MAX_WAITING = 10_000;

    // The recipient of a submission's mail is the participant who uploaded it: baselines and demo
    // submissions have none, and so no mail.
    private static final String FINISHED_SUBMISSION = """
            select s.id, pa.name, pa.email, c.slug as challenge, t.slug as task, p.slug as phase,
                   coalesce(tm.name, '') as team, s.rescore_requested_at is not null as rescored
              from submission s
              join participant pa on pa.id = s.participant_id
              join phase p on p.id = s.phase_id
              join task t on t.id = p.task_id
              join challenge c on c.id = t.challenge_id
              left join team tm on tm.id = s.team_id
             where s.id = ?
            """;

    private final JavaMailSender sender;
    private final MailSettings settings;
    private final JdbcTemplate jdbc;
    private final ThreadPoolExecutor mailThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING), runnable -> {
                Thread thread = new Thread(runnable, "notification-mail");
                thread.setDaemon(true);
                return thread;
            }, (runnable, executor) -> log.warn("A notification mail was dropped: {} are waiting to be sent",
                    MAX_WAITING));

    Notifications(JavaMailSender sender, MailSettings settings, JdbcTemplate jdbc) {
        this.sender = sender;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    @TransactionalEventListener
    void enrolmentDecided(EnrolmentDecided decision) {
        send("enrolment decision", "participant " + decision.participantId(),
                () -> List.of(Mails.enrolment(decision, settings)));
    }

    @TransactionalEventListener
    void submissionFinished(SubmissionFinished finished) {
        send(finished.scored() ? "submission scored" : "submission failed", "submission " + finished.submissionId(),
                () -> jdbc.query(FINISHED_SUBMISSION, (rs, row) -> new Mails.FinishedSubmission(rs.getLong("id"),
                                rs.getString("name"), rs.getString("email"), rs.getString("challenge"),
                                rs.getString("task"), rs.getString("phase"), rs.getString("team"),
                                rs.getBoolean("rescored")), finished.submissionId())
                        .stream()
                        .map(submission -> Mails.submission(submission, finished.scored(), finished.mAP(),
                                finished.errors(), settings))
                        .toList());
    }

    /** Composes (reading what it needs) and sends on the mail thread; never throws. */
    private void send(String kind, String about, Supplier<List<Mail>> mails) {
        mailThread.execute(() -> {
            try {
                for (Mail mail : mails.get()) {
                    SimpleMailMessage message = new SimpleMailMessage();
                    message.setFrom(settings.from());
                    message.setTo(mail.to());
                    message.setSubject(mail.subject());
                    message.setText(mail.body());
                    sender.send(message);
                    log.debug("Sent the {} mail about {}", kind, about);
                }
            } catch (RuntimeException e) {
                log.warn("Could not send the {} mail about {}: {}", kind, about, causes(e));
            }
        });
    }

    /**
     * The chain of causes by class, with the messages of network errors only: a mail server's
     * answer may repeat the recipient's address, which the log must not hold.
     */
    static String causes(Throwable error) {
        List<String> chain = new ArrayList<>();
        Throwable first = error;
        if (error instanceof MailSendException send && send.getCause() == null
                && send.getMessageExceptions().length > 0) {
            // JavaMailSender keeps what went wrong per message, not as the cause
            chain.add(send.getClass().getSimpleName());
            first = send.getMessageExceptions()[0];
        }
        for (Throwable cause = first; cause != null && chain.size() < 10; cause = cause.getCause()) {
            boolean network = cause.getClass().getName().startsWith("java.net.");
            chain.add(cause.getClass().getSimpleName()
                    + (network && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""));
        }
        return String.join(" <- ", chain);
    }

    @Override
    public void destroy() throws InterruptedException {
        mailThread.shutdown();
        if (!mailThread.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("{} notification mails were not sent before the service stopped",
                    mailThread.shutdownNow().size());
        }
    }
}
