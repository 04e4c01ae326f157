package org.cxrlt.leaderboard.participant.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.Account;
import org.cxrlt.leaderboard.participant.AccountRequest;
import org.cxrlt.leaderboard.participant.ParticipantException;
import org.cxrlt.leaderboard.participant.Registration;
import org.cxrlt.leaderboard.participant.RegistrationRequest;
import org.cxrlt.leaderboard.participant.Registrations;
import org.cxrlt.leaderboard.system.ClientLimits;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class RegistrationController {

    private final Registrations registrations;
    private final ClientLimits limits;

    RegistrationController(Registrations registrations, ClientLimits limits) {
        this.registrations = registrations;
        this.limits = limits;
    }

    /**
     * Public: registers a participant, pending an organizer's approval. The token is shown only
     * here. Each client address may register a limited number of times per window (429 with
     * Retry-After past it); every well-formed registration counts, accepted or refused.
     */
    @PostMapping("/registrations")
    ResponseEntity<Registration> register(@Valid @RequestBody RegistrationRequest request,
                                          HttpServletRequest http) {
        limits.countRegistration(http.getRemoteAddr());
        Registration registration = registrations.register(request);
        return ResponseEntity.created(URI.create("/api/v1/me")).body(registration);
    }

    /**
     * Public: an account without an enrolment (then enrol in each challenge, with evidence where
     * it is asked for). The token is shown only here. Counted as a registration per address.
     */
    @PostMapping("/accounts")
    ResponseEntity<Registration> open(@Valid @RequestBody AccountRequest request, HttpServletRequest http) {
        limits.countRegistration(http.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/v1/me")).body(registrations.open(request));
    }

    /** The caller's account and its enrolments, each with its status and the organizers' reason. */
    @GetMapping("/me")
    Account me(@AuthenticationPrincipal Caller caller) {
        if (caller.organizer()) {
            throw ParticipantException.notFound("The organizer token belongs to no participant.");
        }
        return registrations.me(caller);
    }
}
