package org.cxrlt.leaderboard.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The notification mails' settings; whether mail is sent at all is decided by {@code spring.mail.host}.
 *
 * @param from    the sender address of every mail
 * @param baseUrl the service's public address (e.g. {@code https://leaderboard.example.org}), put before
 *                the paths of links in mails; null: the paths alone
 */
@ConfigurationProperties("cxrlt.mail")
public record MailSettings(@DefaultValue("leaderboard@localhost") String from, String baseUrl) {

    /** {@code path} (starting with {@code /}) behind the base URL, or alone without one. */
    String link(String path) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return path;
        }
        String base = baseUrl.strip();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
