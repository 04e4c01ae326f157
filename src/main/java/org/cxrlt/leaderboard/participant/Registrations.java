package org.cxrlt.leaderboard.participant;

import java.time.Clock;
import java.util.List;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.ConflictException;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.cxrlt.leaderboard.system.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration of participants and the organizers' decisions on them. */
@Service
public class Registrations {

    private final ParticipantRepository participants;
    private final Teams teams;
    private final Clock clock;
    private final OrganizerActions audit;
    private final ApplicationEventPublisher events;

    Registrations(ParticipantRepository participants, Teams teams, Clock clock, OrganizerActions audit,
                  ApplicationEventPublisher events) {
        this.participants = participants;
        this.teams = teams;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
    }

    /**
     * Registers a participant, pending approval. Names are normalized as people will read them
     * ({@link DisplayNames}); a team name equal to an existing one after normalization, case and
     * confusable folding is that team, so registering with it is a request to join it.
     */
    @Transactional
    public Registration register(RegistrationRequest request) {
        String name = DisplayNames.name("name", request.name(), 200);
        String teamName = DisplayNames.name("team", request.team(), Teams.MAX_NAME);
        String affiliation = DisplayNames.optionalName("affiliation", request.affiliation(), 300);
        String email = request.email().trim();
        if (participants.existsByEmailIgnoreCase(email)) {
            throw new ConflictException("A participant with the email " + email + " is already registered.");
        }
        String token = Tokens.newToken();
        Participant participant = participants.save(new Participant(name, email, affiliation, null,
                Tokens.hash(token), clock.instant()));
        // A new name makes a team owned by the registrant; an existing one is a request to join it.
        Team team = teams.joinOrCreate(participant, teamName);
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
        teams.memberApproved(participant);
        audit.record("registration.approve", "participant:" + participantId, before, participant.view());
        // A registration is not per challenge (yet): no challenge and no data-access text to name.
        events.publishEvent(new EnrolmentDecided(participantId, participant.name(), participant.email(), null, null,
                true, null, null));
        return participant.view();
    }

    @Transactional
    public ParticipantView reject(long participantId, String reason) {
        Participant participant = find(participantId);
        ParticipantView before = participant.view();
        participant.reject(blankToNull(reason), clock.instant());
        teams.ownerRejected(participant);
        audit.record("registration.reject", "participant:" + participantId, before, participant.view());
        events.publishEvent(new EnrolmentDecided(participantId, participant.name(), participant.email(), null, null,
                false, blankToNull(reason), null));
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
