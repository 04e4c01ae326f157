package org.cxrlt.leaderboard.participant.web;

import java.util.Map;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.ParticipantTokens;
import org.cxrlt.leaderboard.participant.ParticipantTokens.IssuedToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tokens: a participant rotates their own; organizers revoke and issue. New tokens are shown once. */
@RestController
class TokenController {

    private final ParticipantTokens tokens;

    TokenController(ParticipantTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/api/v1/me/token")
    IssuedToken rotate(@AuthenticationPrincipal Caller caller) {
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
