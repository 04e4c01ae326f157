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
 * The organizers' tokens. The one from {@code cxrlt.admin-token} (CXRLT_ADMIN_TOKEN) is checked
 * in memory and never stored. Without it, a token is generated at the first start, printed once
 * to the log, and only its hash is kept, so it keeps working across restarts.
 */
@Component
@Order(1)
class OrganizerTokens implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OrganizerTokens.class);

    private final JdbcTemplate jdbc;
    private final byte[] configuredHash;

    OrganizerTokens(JdbcTemplate jdbc, @Value("${cxrlt.admin-token:}") String configuredToken) {
        this.jdbc = jdbc;
        this.configuredHash = configuredToken.isBlank() ? null : Tokens.hash(configuredToken.trim());
    }

    @Override
    public void run(ApplicationArguments args) {
        if (configuredHash != null) {
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
