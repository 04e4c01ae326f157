package org.cxrlt.leaderboard.participant.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.cxrlt.leaderboard.participant.OrganizerAccounts;
import org.cxrlt.leaderboard.participant.OrganizerAccounts.IssuedOrganizerToken;
import org.cxrlt.leaderboard.participant.OrganizerRequest;
import org.cxrlt.leaderboard.participant.OrganizerView;
import org.cxrlt.leaderboard.system.AdministratorOnly;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform administrator: organizer accounts, their challenges and their tokens. */
@RestController
@RequestMapping("/api/v1/admin/organizers")
@AdministratorOnly
class OrganizerAccountController {

    private final OrganizerAccounts accounts;

    OrganizerAccountController(OrganizerAccounts accounts) {
        this.accounts = accounts;
    }

    /** 201 with the account's token, shown only here. */
    @PostMapping
    ResponseEntity<IssuedOrganizerToken> create(@Valid @RequestBody OrganizerRequest request) {
        IssuedOrganizerToken created = accounts.create(request);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/admin/organizers/" + created.organizerId())).body(created);
    }

    @GetMapping
    List<OrganizerView> list() {
        return accounts.list();
    }

    @PutMapping("/{organizerId}/challenges/{challenge}")
    OrganizerView assign(@PathVariable long organizerId, @PathVariable String challenge) {
        return accounts.assign(organizerId, challenge);
    }

    @DeleteMapping("/{organizerId}/challenges/{challenge}")
    OrganizerView unassign(@PathVariable long organizerId, @PathVariable String challenge) {
        return accounts.unassign(organizerId, challenge);
    }

    @PostMapping("/{organizerId}/token/revoke")
    OrganizerView revoke(@PathVariable long organizerId) {
        return accounts.revoke(organizerId);
    }

    @PostMapping("/{organizerId}/token")
    IssuedOrganizerToken issue(@PathVariable long organizerId) {
        return accounts.issue(organizerId);
    }
}
