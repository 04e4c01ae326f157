package org.cxrlt.leaderboard.participant;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ParticipantRepository extends JpaRepository<Participant, Long> {

    Optional<Participant> findByTokenHash(byte[] tokenHash);

    boolean existsByEmailIgnoreCase(String email);
}
