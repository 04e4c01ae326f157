package org.cxrlt.leaderboard.participant;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts, and the registration of one in a single call (an account and its enrolment in one
 * challenge, cxr-lt-2024 unless another is named). The organizer actions without a challenge in
 * their path act on enrolments in cxr-lt-2024.
 */
@Service
public class Registrations {

    private final ParticipantRepository participants;
    private final Enrolments enrolments;
    private final Clock clock;

    Registrations(ParticipantRepository participants, Enrolments enrolments, Clock clock) {
        this.participants = participants;
        this.enrolments = enrolments;
        this.clock = clock;
    }

    /** An account, its token shown only here. 409 when the email is taken. */
    @Transactional
    public Registration open(AccountRequest request) {
        Created participant = create(request.name(), request.email(), request.affiliation());
        return new Registration(participant.id(), null, participant.token(), null);
    }

    /**
     * Registers a participant: an account and its enrolment in the challenge, pending approval.
     * Names are normalized as people will read them ({@link DisplayNames}); a team name equal to
     * an existing one of the challenge after normalization, case and confusable folding is that
     * team, so registering with it is a request to join it. A challenge that asks for evidence
     * is refused here (400): open an account and enrol with the evidence.
     */
    @Transactional
    public Registration register(RegistrationRequest request) {
        String challenge = request.challenge() == null || request.challenge().isBlank() ? ChallengeIds.FIRST
                : request.challenge().trim();
        DisplayNames.name("team", request.team(), Teams.MAX_NAME);
        EnrolmentRules rules = enrolments.rules(challenge);
        if (!rules.equals(EnrolmentRules.NONE)) {
            throw ParticipantException.invalid("The enrolment in " + challenge + " needs " + rules.describe()
                    + ": open an account with POST /api/v1/accounts, then enrol with the evidence at "
                    + "POST /api/v1/challenges/" + challenge + "/enrolments (multipart).");
        }
        Created participant = create(request.name(), request.email(), request.affiliation());
        EnrolmentView enrolment = enrolments.enrol(Caller.ofAccount(participant.id()), challenge,
                new EnrolmentForm(request.team(), null, null, Map.of()));
        return new Registration(participant.id(), ParticipantStatus.PENDING, participant.token(),
                enrolment.requestedTeam());
    }

    private Created create(String rawName, String rawEmail, String rawAffiliation) {
        String name = DisplayNames.name("name", rawName, 200);
        String affiliation = DisplayNames.optionalName("affiliation", rawAffiliation, 300);
        String email = rawEmail.trim();
        if (participants.existsByEmailIgnoreCase(email)) {
            throw ParticipantException.conflict("A participant with the email " + email + " is already registered.");
        }
        String token = Tokens.newToken();
        Participant participant = participants.save(new Participant(name, email, affiliation, Tokens.hash(token),
                clock.instant()));
        return new Created(participant.id(), token);
    }

    private record Created(long id, String token) {
    }

    /** The caller's account with its enrolments. */
    @Transactional(readOnly = true)
    public Account me(Caller caller) {
        return enrolments.account(caller);
    }

    /** Every enrolment in cxr-lt-2024 in the given status (all when null), oldest first. */
    @Transactional(readOnly = true)
    public List<ParticipantView> list(ParticipantStatus status) {
        return enrolments.participants(ChallengeIds.FIRST, status);
    }

    /** Approves the participant's enrolment in cxr-lt-2024. */
    @Transactional
    public ParticipantView approve(long participantId) {
        return enrolments.decide(ChallengeIds.FIRST, participantId, true, null);
    }

    /** Rejects the participant's enrolment in cxr-lt-2024. */
    @Transactional
    public ParticipantView reject(long participantId, String reason) {
        return enrolments.decide(ChallengeIds.FIRST, participantId, false, reason);
    }
}
