package org.cxrlt.leaderboard.participant.web;

import java.util.List;
import org.cxrlt.leaderboard.participant.JoinRequest;
import org.cxrlt.leaderboard.participant.ParticipantView;
import org.cxrlt.leaderboard.participant.Teams;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Organizers: join requests of every team, and moving or removing members. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminTeamController {

    private final Teams teams;

    AdminTeamController(Teams teams) {
        this.teams = teams;
    }

    @GetMapping("/join-requests")
    List<JoinRequest> requests() {
        return teams.allRequests();
    }

    @PostMapping("/participants/{participantId}/join-request/accept")
    ParticipantView accept(@PathVariable long participantId) {
        return teams.decideAsOrganizer(participantId, true);
    }

    @PostMapping("/participants/{participantId}/join-request/decline")
    ParticipantView decline(@PathVariable long participantId) {
        return teams.decideAsOrganizer(participantId, false);
    }

    /** Moves the participant into the team named (created if new, and then owned by it). */
    @PostMapping("/participants/{participantId}/team")
    ParticipantView move(@PathVariable long participantId, @RequestBody TeamChoice choice) {
        return teams.move(participantId, choice.team());
    }

    /** Removes the participant from its team (or withdraws its pending request). */
    @DeleteMapping("/participants/{participantId}/team")
    ParticipantView remove(@PathVariable long participantId) {
        return teams.remove(participantId);
    }

    record TeamChoice(String team) {
    }
}
