package org.cxrlt.leaderboard.participant;

import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams by name (case-insensitive). For now registering with an existing team's name joins it;
 * join requests that its owner accepts come with team management.
 */
@Service
public class Teams {

    private final TeamRepository teams;
    private final Clock clock;

    Teams(TeamRepository teams, Clock clock) {
        this.teams = teams;
        this.clock = clock;
    }

    Team findOrCreate(String name) {
        String trimmed = name.trim();
        return teams.findByNameIgnoreCase(trimmed).orElseGet(() -> teams.save(new Team(trimmed, clock.instant())));
    }

    /** The id of the team with this name, created if needed. */
    @Transactional
    public long idOf(String name) {
        return findOrCreate(name).id();
    }
}
