package org.cxrlt.leaderboard.participant.web;

import jakarta.validation.constraints.Size;
import java.util.List;
import org.cxrlt.leaderboard.participant.ParticipantStatus;
import org.cxrlt.leaderboard.system.Choices;
import org.cxrlt.leaderboard.participant.ParticipantView;
import org.cxrlt.leaderboard.participant.Registrations;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Organizers decide on registrations. */
@RestController
@RequestMapping("/api/v1/admin/registrations")
class AdminRegistrationController {

    private final Registrations registrations;

    AdminRegistrationController(Registrations registrations) {
        this.registrations = registrations;
    }

    @GetMapping
    List<ParticipantView> list(@RequestParam(required = false) List<String> status) {
        return registrations.list(Choices.optionalParameter("status", status, ParticipantStatus.class));
    }

    @PostMapping("/{participantId}/approve")
    ParticipantView approve(@PathVariable long participantId) {
        return registrations.approve(participantId);
    }

    @PostMapping("/{participantId}/reject")
    ParticipantView reject(@PathVariable long participantId,
                           @Validated @RequestBody(required = false) RejectRequest request) {
        return registrations.reject(participantId, request == null ? null : request.reason());
    }

    record RejectRequest(@Size(max = 2000) String reason) {
    }
}
