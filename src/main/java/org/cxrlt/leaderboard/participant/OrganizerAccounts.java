package org.cxrlt.leaderboard.participant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named organizer accounts: the platform administrator creates them (each with its own token,
 * shown once, stored as a hash like participants' tokens), assigns them to challenges, lists
 * them and revokes their tokens; an organizer rotates its own token. Whether the caller may do
 * each is checked at the web edge ({@link ChallengeAccess}); every change is audited with its
 * author, targets named {@code organizer:<id>}.
 */
@Service
public class OrganizerAccounts {

    private final JdbcTemplate jdbc;
    private final OrganizerActions audit;
    private final Clock clock;

    OrganizerAccounts(JdbcTemplate jdbc, OrganizerActions audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new account with its token, shown only here; 409 if the email has one already. */
    @Transactional
    public IssuedOrganizerToken create(OrganizerRequest request) {
        // cleaned as participants' names are (NFKC, no control or direction-override characters):
        // it becomes the actor of the audit log, which must read as it is
        String name = DisplayNames.name("name", request.name(), 200);
        String email = request.email().trim();
        Integer taken = jdbc.queryForObject("select count(*) from organizer where lower(email) = lower(?)",
                Integer.class, email);
        if (taken != null && taken > 0) {
            throw ParticipantException.conflict("An organizer with the email " + email + " exists already.");
        }
        String token = Tokens.newToken();
        byte[] hash = Tokens.hash(token);
        Long id = jdbc.queryForObject("insert into organizer (name, email, token_hash, created_at) values (?, ?, ?, ?) "
                + "returning id", Long.class, name, email, hash, Timestamp.from(clock.instant()));
        OrganizerView created = view(id);
        audit.record("organizer.create", target(id), null, created);
        return new IssuedOrganizerToken(id, name, token);
    }

    /** Every account, oldest first. */
    @Transactional(readOnly = true)
    public List<OrganizerView> list() {
        return jdbc.queryForList("select id from organizer order by id", Long.class).stream().map(this::view).toList();
    }

    /** The account may act on the challenge from its next request on; assigning twice changes nothing. */
    @Transactional
    public OrganizerView assign(long organizerId, String challenge) {
        OrganizerView before = lockedView(organizerId);
        long challengeId = challengeId(challenge);
        int added = jdbc.update("insert into organizer_challenge (organizer_id, challenge_id, assigned_at) "
                + "values (?, ?, ?) on conflict do nothing", organizerId, challengeId, Timestamp.from(clock.instant()));
        OrganizerView after = view(organizerId);
        if (added > 0) {
            audit.record("organizer.assign", target(organizerId), before, after);
        }
        return after;
    }

    /** The account no longer acts on the challenge; 404 if it did not organize it. */
    @Transactional
    public OrganizerView unassign(long organizerId, String challenge) {
        OrganizerView before = lockedView(organizerId);
        long challengeId = challengeId(challenge);
        int removed = jdbc.update("delete from organizer_challenge where organizer_id = ? and challenge_id = ?",
                organizerId, challengeId);
        if (removed == 0) {
            throw ParticipantException.notFound("Organizer " + organizerId + " does not organize challenge '" + challenge + "'.");
        }
        OrganizerView after = view(organizerId);
        audit.record("organizer.unassign", target(organizerId), before, after);
        return after;
    }

    /** The account's token stops working at once; the administrator may issue a new one. */
    @Transactional
    public OrganizerView revoke(long organizerId) {
        OrganizerView before = lockedView(organizerId);
        if (before.tokenRevokedAt() != null) {
            throw ParticipantException.conflict("The token of organizer " + organizerId + " is already revoked (at "
                    + before.tokenRevokedAt() + ").");
        }
        // A hash no token has: nothing authenticates as this organizer any more.
        jdbc.update("update organizer set token_hash = ?, token_revoked_at = ? where id = ?",
                Tokens.hash(Tokens.newToken()), Timestamp.from(clock.instant()), organizerId);
        OrganizerView after = view(organizerId);
        audit.record("organizer.token.revoke", target(organizerId), before, after);
        return after;
    }

    /** A new token for the account (after a revocation, or a lost token), shown only here. */
    @Transactional
    public IssuedOrganizerToken issue(long organizerId) {
        OrganizerView before = lockedView(organizerId);
        return replace(before, "organizer.token.issue");
    }

    /**
     * A new token for the calling organizer; the one the request came with stops working at once.
     * The administrator's token is configured (or generated) and cannot be rotated here.
     */
    @Transactional
    public IssuedOrganizerToken rotate(Caller caller) {
        Staff staff = caller.staff();
        if (staff == null || staff.admin()) {
            throw ParticipantException.notAllowed("The administrator's token cannot be rotated here: it is set with "
                    + "CXRLT_ADMIN_TOKEN.");
        }
        return replace(lockedView(staff.id()), "organizer.token.rotate");
    }

    /** The organizer whose token has this hash, with its challenges; empty for an unknown or revoked token. */
    @Transactional(readOnly = true)
    public Optional<Staff> findByTokenHash(byte[] tokenHash) {
        List<Staff> found = jdbc.query("select id, name from organizer where token_hash = ? and token_revoked_at is null",
                (rs, row) -> new Staff(rs.getLong(1), rs.getString(2), false, challengeIds(rs.getLong(1))),
                (Object) tokenHash);
        return found.stream().findFirst();
    }

    private IssuedOrganizerToken replace(OrganizerView before, String action) {
        String token = Tokens.newToken();
        byte[] hash = Tokens.hash(token);
        jdbc.update("update organizer set token_hash = ?, token_revoked_at = null where id = ?", hash, before.id());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("tokenFingerprint", HexFormat.of().formatHex(hash, 0, 4));
        after.put("tokenRevokedAt", null);
        audit.record(action, target(before.id()), Map.of("tokenRevokedAt", String.valueOf(before.tokenRevokedAt())),
                after);
        return new IssuedOrganizerToken(before.id(), before.name(), token);
    }

    private Set<Long> challengeIds(long organizerId) {
        return new HashSet<>(jdbc.queryForList("select challenge_id from organizer_challenge where organizer_id = ?",
                Long.class, organizerId));
    }

    private long challengeId(String challenge) {
        List<Long> found = jdbc.queryForList("select id from challenge where slug = ?", Long.class, challenge);
        if (found.isEmpty()) {
            throw ParticipantException.notFound("No challenge '" + challenge + "'.");
        }
        return found.get(0);
    }

    private OrganizerView lockedView(long organizerId) {
        List<Long> found = jdbc.queryForList("select id from organizer where id = ? for update", Long.class, organizerId);
        if (found.isEmpty()) {
            throw ParticipantException.notFound("No organizer " + organizerId + ".");
        }
        return view(organizerId);
    }

    private OrganizerView view(long organizerId) {
        List<String> challenges = jdbc.queryForList("select c.slug from organizer_challenge oc join challenge c "
                + "on c.id = oc.challenge_id where oc.organizer_id = ? order by c.slug", String.class, organizerId);
        List<OrganizerView> found = jdbc.query("select id, name, email, created_at, token_revoked_at from organizer "
                        + "where id = ?",
                (rs, row) -> new OrganizerView(rs.getLong(1), rs.getString(2), rs.getString(3), challenges,
                        rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5))),
                organizerId);
        if (found.isEmpty()) {
            throw ParticipantException.notFound("No organizer " + organizerId + ".");
        }
        return found.get(0);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String target(long organizerId) {
        return "organizer:" + organizerId;
    }

    /** A token, shown this once. */
    public record IssuedOrganizerToken(long organizerId, String name, String token) {
    }
}
