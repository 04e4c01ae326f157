package org.cxrlt.leaderboard.audit.web;

import org.cxrlt.leaderboard.audit.AuditPage;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Organizers: every organizer action, newest first. */
@RestController
class AuditController {

    private final OrganizerActions actions;

    AuditController(OrganizerActions actions) {
        this.actions = actions;
    }

    @GetMapping("/api/v1/admin/audit")
    AuditPage list(@RequestParam(required = false) String action, @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "20") int size) {
        return actions.list(action, page, size);
    }
}
