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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organizers: join requests of every team of a challenge ({@code ?challenge=}, cxr-lt-2024 when
 * left out), and moving or removing members.
 */
@RestController
@RequestMapping("/api/v1/admin")
class AdminTeamController {

    private final Teams teams;

    AdminTeamController(Teams teams) {
        this.teams = teams;
    }

    @GetMapping("/join-requests")
    List<JoinRequest> requests(@RequestParam(defaultValue = TeamController.FIRST) String challenge) {
        return teams.allRequests(challenge);
    }

    @PostMapping("/participants/{participantId}/join-request/accept")
    ParticipantView accept(@PathVariable long participantId,
                           @RequestParam(defaultValue = TeamController.FIRST) String challenge) {
        return teams.decideAsOrganizer(challenge, participantId, true);
    }

    @PostMapping("/participants/{participantId}/join-request/decline")
    ParticipantView decline(@PathVariable long participantId,
                            @RequestParam(defaultValue = TeamController.FIRST) String challenge) {
        return teams.decideAsOrganizer(challenge, participantId, false);
    }

    /** Moves the participant into the team named (created if new, and then owned by it). */
    @PostMapping("/participants/{participantId}/team")
    ParticipantView move(@PathVariable long participantId, @RequestBody TeamChoice choice,
                         @RequestParam(defaultValue = TeamController.FIRST) String challenge) {
        return teams.move(challenge, participantId, choice.team());
    }

    /** Removes the participant from its team (or withdraws its pending request). */
    @DeleteMapping("/participants/{participantId}/team")
    ParticipantView remove(@PathVariable long participantId,
                           @RequestParam(defaultValue = TeamController.FIRST) String challenge) {
        return teams.remove(challenge, participantId);
    }

    record TeamChoice(String team) {
    }
}
