package org.cxrlt.leaderboard.audit;

import java.util.ArrayList;
import java.util.List;
import org.cxrlt.leaderboard.system.Paging;
import org.cxrlt.leaderboard.system.TokenHolder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log: who did what to which thing, with its state before and after. Written in the
 * transaction of the action (call {@link #record} inside it), so an action and its entry are
 * stored together or not at all.
 */
@Service
public class OrganizerActions {

    /** The actor of an action no person asked for (an automatic freeze). */
    public static final String SYSTEM = "system";


    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    OrganizerActions(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records an action. Must run inside the action's transaction: it refuses to run without one.
     *
     * @param actor  who: see {@link #currentActor()}
     * @param action what, a short dotted name such as {@code answer-key.upload}
     * @param target what it was done to, such as {@code participant:12} or a phase path
     * @param before the state before (any value Jackson can write), or null
     * @param after  the state after, or null
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, String action, String target, Object before, Object after) {
        jdbc.update("insert into audit_entry (actor, action, target, before, after) values (?, ?, ?, ?::jsonb, ?::jsonb)",
                actor, action, target, toJson(before), toJson(after));
    }

    /** Records an action of whoever makes the current request. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String target, Object before, Object after) {
        record(currentActor(), action, target, before, after);
    }

    /**
     * Who makes the current request: {@code organizer} for the organizer token (organizer tokens
     * carry no identity), {@code participant:<id>} for a participant, {@code system} outside a request.
     */
    public static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return SYSTEM;
        }
        boolean organizer = authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ORGANIZER".equals(authority.getAuthority()));
        if (organizer) {
            return "organizer";
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof TokenHolder holder && holder.auditActor() != null) {
            return holder.auditActor();
        }
        return SYSTEM;
    }

    /** Entries newest first, of one action when {@code action} is given. */
    @Transactional(readOnly = true)
    public AuditPage list(String action, int page, int size) {
        Paging paging = new Paging(page, size);
        String where = action == null || action.isBlank() ? "" : " where action = ?";
        List<Object> args = new ArrayList<>();
        if (!where.isEmpty()) {
            args.add(action.trim());
        }
        Long total = jdbc.queryForObject("select count(*) from audit_entry" + where, Long.class, args.toArray());
        args.add(size);
        args.add(paging.offset());
        List<AuditEntry> items = jdbc.query("select id, at, actor, action, target, before::text as before, "
                        + "after::text as after from audit_entry" + where + " order by id desc limit ? offset ?",
                (rs, row) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("action"), rs.getString("target"), fromJson(rs.getString("before")),
                        fromJson(rs.getString("after"))),
                args.toArray());
        long totalItems = total == null ? 0 : total;
        return new AuditPage(items, page, size, totalItems, paging.pages(totalItems));
    }

    private String toJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private JsonNode fromJson(String text) {
        return text == null ? null : json.readTree(text);
    }
}
