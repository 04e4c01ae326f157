package org.cxrlt.leaderboard.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Logs, once the service is ready, the settings of the database it uses that decide whether a
 * committed upload survives a crash; warns when one is off. The embedded server refuses to
 * start without them ({@link EmbeddedDatabase}); an external one is its operator's to set.
 */
@Component
class DurabilityReport {

    private static final Logger log = LoggerFactory.getLogger(DurabilityReport.class);

    private final JdbcTemplate jdbc;

    DurabilityReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        try {
            Map<String, String> actual = new LinkedHashMap<>();
            for (String setting : EmbeddedDatabase.DURABILITY.keySet()) {
                actual.put(setting, jdbc.queryForObject("show " + setting, String.class));
            }
            if (actual.equals(EmbeddedDatabase.DURABILITY)) {
                log.info("Database durability settings: {}", actual);
            } else {
                log.warn("Database durability settings: {}; with any of them off, a crash of the database server "
                        + "can lose submissions that were answered 202", actual);
            }
        } catch (RuntimeException e) {
            log.warn("Could not read the database's durability settings", e);
        }
    }
}
