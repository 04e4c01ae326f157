package org.cxrlt.leaderboard.participant;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ParticipantRepository extends JpaRepository<Participant, Long> {

    Optional<Participant> findByTokenHash(byte[] tokenHash);

    boolean existsByEmailIgnoreCase(String email);

    List<Participant> findByStatusOrderByRegisteredAtAsc(ParticipantStatus status);

    List<Participant> findAllByOrderByRegisteredAtAsc();

    List<Participant> findByTeamOrderByRegisteredAtAscIdAsc(Team team);

    List<Participant> findByRequestedTeamOrderByRequestedAtAscIdAsc(Team team);

    List<Participant> findByRequestedTeamIsNotNullOrderByRequestedAtAscIdAsc();
}
