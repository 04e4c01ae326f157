package org.cxrlt.leaderboard.participant;

import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The platform administrator's token (organizer accounts have theirs in {@link OrganizerAccounts}).
 * The one from {@code cxrlt.admin-token} (CXRLT_ADMIN_TOKEN) is checked
 * in memory and never stored; it must be at least {@value #MIN_LENGTH} characters long, or the
 * service refuses to start. Without it, a token is generated at the first start, printed once
 * to the log, and only its hash is kept, so it keeps working across restarts, until a token is
 * configured: the first start with one retires (deletes) every generated token.
 */
@Component
@Order(1)
class OrganizerTokens implements ApplicationRunner {

    /** As long as a generated token (43 characters) need not be; shorter ones are guessable. */
    static final int MIN_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(OrganizerTokens.class);

    private final JdbcTemplate jdbc;
    private final byte[] configuredHash;

    OrganizerTokens(JdbcTemplate jdbc, @Value("${cxrlt.admin-token:}") String configuredToken) {
        this.jdbc = jdbc;
        String token = configuredToken.trim();
        if (!token.isEmpty() && token.length() < MIN_LENGTH) {
            throw new IllegalStateException("CXRLT_ADMIN_TOKEN (cxrlt.admin-token) is " + token.length()
                    + " characters long: an organizer token must have at least " + MIN_LENGTH + " characters. "
                    + "Generate one with: openssl rand -base64 32");
        }
        this.configuredHash = token.isEmpty() ? null : Tokens.hash(token);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (configuredHash != null) {
            int retired = jdbc.update("delete from organizer_token");
            if (retired > 0) {
                log.warn("CXRLT_ADMIN_TOKEN is set: retired {} generated organizer token(s); only the configured "
                        + "token is an organizer's now", retired);
            }
            return;
        }
        Integer stored = jdbc.queryForObject("select count(*) from organizer_token", Integer.class);
        if (stored != null && stored > 0) {
            return;
        }
        String token = Tokens.newToken();
        // Two instances starting at once on an empty database: both may print a token; both work.
        jdbc.update("insert into organizer_token (token_hash) values (?)", (Object) Tokens.hash(token));
        log.warn("No CXRLT_ADMIN_TOKEN was set: generated the organizer token {} (shown only this once; "
                + "keep it, or set CXRLT_ADMIN_TOKEN)", token);
    }

    boolean isOrganizer(byte[] tokenHash) {
        if (configuredHash != null && MessageDigest.isEqual(configuredHash, tokenHash)) {
            return true;
        }
        Integer found = jdbc.queryForObject("select count(*) from organizer_token where token_hash = ?",
                Integer.class, (Object) tokenHash);
        return found != null && found > 0;
    }
}
