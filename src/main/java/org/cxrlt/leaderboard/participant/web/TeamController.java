package org.cxrlt.leaderboard.participant.web;

import java.util.List;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.participant.JoinRequest;
import org.cxrlt.leaderboard.participant.ParticipantView;
import org.cxrlt.leaderboard.participant.TeamView;
import org.cxrlt.leaderboard.participant.Teams;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A participant's own team in a challenge ({@code ?challenge=}, cxr-lt-2024 when left out); its
 * owner decides who joins.
 */
@RestController
@RequestMapping("/api/v1/teams/mine")
class TeamController {

    static final String FIRST = Enrolments.FIRST_CHALLENGE;

    private final Teams teams;

    TeamController(Teams teams) {
        this.teams = teams;
    }

    @GetMapping
    TeamView mine(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = FIRST) String challenge) {
        return teams.mine(caller, challenge);
    }

    /** The owner only: pending requests to join, oldest first. */
    @GetMapping("/requests")
    List<JoinRequest> requests(@AuthenticationPrincipal Caller caller,
                               @RequestParam(defaultValue = FIRST) String challenge) {
        return teams.requests(caller, challenge);
    }

    @PostMapping("/requests/{participantId}/accept")
    ParticipantView accept(@AuthenticationPrincipal Caller caller, @PathVariable long participantId,
                           @RequestParam(defaultValue = FIRST) String challenge) {
        return teams.decide(caller, challenge, participantId, true);
    }

    @PostMapping("/requests/{participantId}/decline")
    ParticipantView decline(@AuthenticationPrincipal Caller caller, @PathVariable long participantId,
                            @RequestParam(defaultValue = FIRST) String challenge) {
        return teams.decide(caller, challenge, participantId, false);
    }
}
