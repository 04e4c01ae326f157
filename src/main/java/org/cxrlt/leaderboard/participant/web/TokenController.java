package org.cxrlt.leaderboard.participant.web;

import java.util.Map;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.OrganizerAccounts;
import org.cxrlt.leaderboard.participant.ParticipantTokens;
import org.cxrlt.leaderboard.participant.ParticipantTokens.IssuedToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tokens: a participant or an organizer account rotates its own; the administrator revokes and issues. New tokens are shown once. */
@RestController
class TokenController {

    private final ParticipantTokens tokens;
    private final OrganizerAccounts organizers;

    TokenController(ParticipantTokens tokens, OrganizerAccounts organizers) {
        this.tokens = tokens;
        this.organizers = organizers;
    }

    /**
     * A new token for the caller, a participant or an organizer account (an {@code IssuedToken} or
     * an {@code IssuedOrganizerToken}); the old one stops working at once. The administrator's
     * token is configured: 403.
     */
    @PostMapping("/api/v1/me/token")
    Object rotate(@AuthenticationPrincipal Caller caller) {
        if (caller.staff() != null && !caller.administrator()) {
            return organizers.rotate(caller);
        }
        return tokens.rotate(caller);
    }

    @PostMapping("/api/v1/admin/participants/{participantId}/token/revoke")
    Map<String, Object> revoke(@PathVariable long participantId) {
        return tokens.revoke(participantId);
    }

    @PostMapping("/api/v1/admin/participants/{participantId}/token")
    IssuedToken issue(@PathVariable long participantId) {
        return tokens.issue(participantId);
    }
}
