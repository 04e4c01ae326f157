package org.cxrlt.leaderboard.participant;

import java.time.Clock;
import java.util.List;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.ConflictException;
import org.cxrlt.leaderboard.system.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration of participants and the organizers' decisions on them. */
@Service
public class Registrations {

    private final ParticipantRepository participants;
    private final Teams teams;
    private final Clock clock;
    private final OrganizerActions audit;

    Registrations(ParticipantRepository participants, Teams teams, Clock clock, OrganizerActions audit) {
        this.participants = participants;
        this.teams = teams;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional
    public Registration register(RegistrationRequest request) {
        String email = request.email().trim();
        if (participants.existsByEmailIgnoreCase(email)) {
            throw new ConflictException("A participant with the email " + email + " is already registered.");
        }
        String token = Tokens.newToken();
        Participant participant = participants.save(new Participant(request.name().trim(), email,
                blankToNull(request.affiliation()), null, Tokens.hash(token), clock.instant()));
        // A new name makes a team owned by the registrant; an existing one is a request to join it.
        Team team = teams.joinOrCreate(participant, request.team());
        return new Registration(participant.id(), ParticipantStatus.PENDING, token,
                participant.requestedTeam() == null ? null : team.name());
    }

    @Transactional(readOnly = true)
    public ParticipantView me(Caller caller) {
        return find(caller.participantId()).view();
    }

    /** Every registration in the given status (all when null), oldest first. */
    @Transactional(readOnly = true)
    public List<ParticipantView> list(ParticipantStatus status) {
        List<Participant> found = status == null
                ? participants.findAllByOrderByRegisteredAtAsc()
                : participants.findByStatusOrderByRegisteredAtAsc(status);
        return found.stream().map(Participant::view).toList();
    }

    @Transactional
    public ParticipantView approve(long participantId) {
        Participant participant = find(participantId);
        ParticipantView before = participant.view();
        participant.approve(clock.instant());
        audit.record("registration.approve", "participant:" + participantId, before, participant.view());
        return participant.view();
    }

    @Transactional
    public ParticipantView reject(long participantId, String reason) {
        Participant participant = find(participantId);
        ParticipantView before = participant.view();
        participant.reject(blankToNull(reason), clock.instant());
        audit.record("registration.reject", "participant:" + participantId, before, participant.view());
        return participant.view();
    }

    private Participant find(Long participantId) {
        return participants.findById(participantId)
                .orElseThrow(() -> new NotFoundException("No participant " + participantId + "."));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
