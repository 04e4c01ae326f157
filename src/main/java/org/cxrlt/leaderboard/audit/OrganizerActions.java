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
        jdbc.update("insert into audit_entry (actor, action, target, challenge_id, before, after) "
                        + "values (?, ?, ?, ?, ?::jsonb, ?::jsonb)",
                actor, action, target, challengeOf(target), toJson(before), toJson(after));
    }

    /**
     * The challenge an entry concerns, read from its target: a challenge slug, a phase path
     * ({@code slug/task/phase}) or an enrolment ({@code slug/participant:<id>}), or
     * {@code submission:<id>}; null for the rest (accounts,
     * registrations), which only the administrator reads.
     */
    private Long challengeOf(String target) {
        if (target == null) {
            return null;
        }
        if (target.startsWith("submission:")) {
            long id;
            try {
                id = Long.parseLong(target.substring("submission:".length()));
            } catch (NumberFormatException e) {
                return null;
            }
            List<Long> found = jdbc.queryForList("select t.challenge_id from submission s join phase p on p.id = s.phase_id "
                    + "join task t on t.id = p.task_id where s.id = ?", Long.class, id);
            return found.isEmpty() ? null : found.get(0);
        }
        // the first segment names the challenge (an enrolment's target is slug/participant:<id>);
        // a target such as participant:<id> or organizer:<id> names none
        int slash = target.indexOf('/');
        String first = slash < 0 ? target : target.substring(0, slash);
        if (first.contains(":")) {
            return null;
        }
        List<Long> found = jdbc.queryForList("select id from challenge where slug = ?", Long.class, first);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Records an action of whoever makes the current request. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String target, Object before, Object after) {
        record(currentActor(), action, target, before, after);
    }

    /**
     * Who makes the current request: {@code admin} for the platform administrator's token,
     * {@code organizer:<id> (<name>)} for an organizer account, {@code participant:<id>} for a
     * participant, {@code system} outside a request.
     */
    public static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return SYSTEM;
        }
        if (authentication.getPrincipal() instanceof TokenHolder holder && holder.auditActor() != null) {
            return holder.auditActor();
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

    /**
     * The entries a reader may see, newest first: the administrator every entry, an organizer
     * account those about its challenges only. {@code challenge} (a slug) narrows them to one
     * challenge: 404 if there is none by that name, 403 if the reader does not organize it.
     */
    @Transactional(readOnly = true)
    public AuditPage list(TokenHolder reader, String action, String challenge, int page, int size) {
        java.util.Collection<Long> challengeIds = reader.administrator() ? null : reader.organizedChallenges();
        if (challenge != null && !challenge.isBlank()) {
            String slug = challenge.trim();
            Long id = jdbc.queryForList("select id from challenge where slug = ?", Long.class, slug).stream()
                    .findFirst().orElseThrow(() -> AuditException.notFound("No challenge '" + slug + "'."));
            if (!reader.organizes(id)) {
                throw AuditException.notAllowed("You do not organize challenge '" + slug + "': an organizer reads the "
                        + "audit entries of their own challenges only.");
            }
            challengeIds = List.of(id);
        }
        return list(action, challengeIds, page, size);
    }

    /** Entries newest first, of one action when {@code action} is given; every challenge's and none's. */
    @Transactional(readOnly = true)
    public AuditPage list(String action, int page, int size) {
        return list(action, null, page, size);
    }

    /**
     * Entries newest first, of one action when {@code action} is given, and only those about the
     * given challenges when {@code challengeIds} is not null (an empty set: none).
     */
    @Transactional(readOnly = true)
    public AuditPage list(String action, java.util.Collection<Long> challengeIds, int page, int size) {
        Paging paging = new Paging(page, size);
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (action != null && !action.isBlank()) {
            conditions.add("action = ?");
            args.add(action.trim());
        }
        if (challengeIds != null) {
            conditions.add("challenge_id = any (?)");
            args.add(challengeIds.toArray(Long[]::new));
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
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
