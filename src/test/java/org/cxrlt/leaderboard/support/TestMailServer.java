package org.cxrlt.leaderboard.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One SMTP server (GreenMail) for the whole test JVM, on a free port, started at first use: the
 * service of {@link ServiceTests} sends its notification mails to it.
 */
public final class TestMailServer {

    private static final GreenMail SERVER = start();

    private TestMailServer() {
    }

    private static GreenMail start() {
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    public static int port() {
        return SERVER.getSmtp().getPort();
    }

    /**
     * The mails received for {@code address}, waiting with GreenMail's bounded wait until there are
     * at least {@code count} of them or {@code timeout} has passed (mails to other addresses, from
     * other tests, may arrive meanwhile).
     */
    public static List<MimeMessage> awaitMailTo(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            MimeMessage[] all = SERVER.getReceivedMessages();
            List<MimeMessage> mine = Arrays.stream(all).filter(message -> isTo(message, address)).toList();
            long left = deadline - System.nanoTime();
            if (mine.size() >= count || left <= 0) {
                return mine;
            }
            SERVER.waitForIncomingEmail(Math.max(1, Duration.ofNanos(left).toMillis()), all.length + 1);
        }
    }

    /** The mails received so far for {@code address}, without waiting. */
    public static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(SERVER.getReceivedMessages()).filter(message -> isTo(message, address)).toList();
    }

    /** Every mail received so far. */
    public static List<MimeMessage> all() {
        return List.of(SERVER.getReceivedMessages());
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients)
                    .anyMatch(recipient -> recipient.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
