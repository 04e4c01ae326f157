package org.cxrlt.leaderboard.challenge.web;

import java.util.List;
import org.cxrlt.leaderboard.challenge.ChallengeView;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public: the challenges, their tasks with labels in column order, and their phases. */
@RestController
@RequestMapping("/api/v1/challenges")
class ChallengeController {

    private final Challenges challenges;

    ChallengeController(Challenges challenges) {
        this.challenges = challenges;
    }

    @GetMapping
    List<ChallengeView> list() {
        return challenges.list();
    }

    @GetMapping("/{challenge}")
    ChallengeView get(@PathVariable String challenge) {
        return challenges.get(challenge);
    }
}
