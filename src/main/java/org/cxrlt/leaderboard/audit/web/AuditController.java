package org.cxrlt.leaderboard.audit.web;

import org.cxrlt.leaderboard.audit.AuditPage;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.AnyOrganizer;
import org.cxrlt.leaderboard.system.TokenHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organizers: the organizer actions, newest first. The administrator reads every entry; an
 * organizer account the entries about its own challenges ({@code challenge} narrows to one).
 */
@RestController
class AuditController {

    private final OrganizerActions actions;

    AuditController(OrganizerActions actions) {
        this.actions = actions;
    }

    @GetMapping("/api/v1/admin/audit")
    @AnyOrganizer
    AuditPage list(@AuthenticationPrincipal TokenHolder reader, @RequestParam(required = false) String action,
                   @RequestParam(required = false) String challenge, @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "20") int size) {
        return actions.list(reader, action, challenge, page, size);
    }
}
