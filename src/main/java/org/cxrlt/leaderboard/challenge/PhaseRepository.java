package org.cxrlt.leaderboard.challenge;

import org.springframework.data.jpa.repository.JpaRepository;

interface PhaseRepository extends JpaRepository<Phase, Long> {
}
