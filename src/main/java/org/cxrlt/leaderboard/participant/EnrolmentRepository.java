package org.cxrlt.leaderboard.participant;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface EnrolmentRepository extends JpaRepository<Enrolment, Long> {

    Optional<Enrolment> findByParticipantIdAndChallengeId(Long participantId, Long challengeId);

    List<Enrolment> findByParticipantIdOrderByEnrolledAtAscIdAsc(Long participantId);

    List<Enrolment> findByChallengeIdOrderByEnrolledAtAscIdAsc(Long challengeId);

    List<Enrolment> findByChallengeIdAndStatusOrderByEnrolledAtAscIdAsc(Long challengeId, ParticipantStatus status);

    List<Enrolment> findByTeamOrderByEnrolledAtAscIdAsc(Team team);

    List<Enrolment> findByRequestedTeamOrderByRequestedAtAscIdAsc(Team team);

    List<Enrolment> findByChallengeIdAndRequestedTeamIsNotNullOrderByRequestedAtAscIdAsc(Long challengeId);
}
