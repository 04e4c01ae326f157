package org.cxrlt.leaderboard.participant;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface TeamRepository extends JpaRepository<Team, Long> {

    Optional<Team> findByChallengeIdAndNameKey(Long challengeId, String nameKey);
}
