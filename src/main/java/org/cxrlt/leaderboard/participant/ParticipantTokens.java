package org.cxrlt.leaderboard.participant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Participants' tokens after registration: rotated by their owner, revoked and issued anew by
 * organizers. A new token replaces the stored hash, so the old one stops working at the next
 * request. The audit log names tokens only by a fingerprint (the start of their hash).
 */
@Service
public class ParticipantTokens {

    private final JdbcTemplate jdbc;
    private final OrganizerActions audit;
    private final Clock clock;

    ParticipantTokens(JdbcTemplate jdbc, OrganizerActions audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new token for the caller; the one the request came with stops working. Shown only here. */
    @Transactional
    public IssuedToken rotate(Caller caller) {
        if (caller.organizer() || caller.participantId() == null) {
            throw ParticipantException.notAllowed("The administrator's token is not rotated here: it is set with "
                    + "CXRLT_ADMIN_TOKEN (participants and organizer accounts rotate theirs here).");
        }
        long id = caller.participantId();
        TokenState before = state(id);
        if (before.revokedAt() != null) {
            throw ParticipantException.conflict("Your token was revoked by an organizer, so it cannot be rotated; ask them "
                    + "for a new one.");
        }
        return replace(id, before, "token.rotate", "participant:" + id);
    }

    /** The participant's token stops working, and cannot be rotated; an organizer may issue a new one. */
    @Transactional
    public Map<String, Object> revoke(long participantId) {
        TokenState before = state(participantId);
        if (before.revokedAt() != null) {
            throw ParticipantException.conflict("The token of participant " + participantId + " is already revoked (at "
                    + before.revokedAt() + ").");
        }
        Instant now = clock.instant();
        // A hash no token has: nothing authenticates as this participant any more.
        jdbc.update("update participant set token_hash = ?, token_revoked_at = ? where id = ?",
                Tokens.hash(Tokens.newToken()), Timestamp.from(now), participantId);
        TokenState after = new TokenState(null, now);
        audit.record("token.revoke", "participant:" + participantId, before.describe(), after.describe());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("participantId", participantId);
        result.put("revokedAt", now);
        return result;
    }

    /** A new token for a participant, issued by an organizer (after a revocation, or a lost token). */
    @Transactional
    public IssuedToken issue(long participantId) {
        return replace(participantId, state(participantId), "token.issue", "participant:" + participantId);
    }

    private IssuedToken replace(long participantId, TokenState before, String action, String target) {
        String token = Tokens.newToken();
        byte[] hash = Tokens.hash(token);
        jdbc.update("update participant set token_hash = ?, token_revoked_at = null where id = ?", hash, participantId);
        audit.record(action, target, before.describe(), new TokenState(fingerprint(hash), null).describe());
        return new IssuedToken(participantId, token);
    }

    private TokenState state(long participantId) {
        List<TokenState> found = jdbc.query(
                "select token_hash, token_revoked_at from participant where id = ? for update",
                (rs, row) -> {
                    Timestamp revoked = rs.getTimestamp(2);
                    return revoked == null ? new TokenState(fingerprint(rs.getBytes(1)), null)
                            : new TokenState(null, revoked.toInstant());
                }, participantId);
        if (found.isEmpty()) {
            throw ParticipantException.notFound("No participant " + participantId + ".");
        }
        return found.get(0);
    }

    /** The first 32 bits of the token's hash: tells tokens apart in the audit log, reveals nothing. */
    private static String fingerprint(byte[] hash) {
        return HexFormat.of().formatHex(hash, 0, 4);
    }

    private record TokenState(String fingerprint, Instant revokedAt) {
        Map<String, Object> describe() {
            Map<String, Object> map = new LinkedHashMap<>(); // values may be null
            map.put("tokenFingerprint", fingerprint);
            map.put("revokedAt", revokedAt);
            return map;
        }
    }

    /** A token, shown this once. */
    public record IssuedToken(long participantId, String token) {
    }
}
