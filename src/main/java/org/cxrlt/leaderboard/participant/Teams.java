package org.cxrlt.leaderboard.participant;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams by name (case-insensitive) and their members. Registering with a new name creates the
 * team, owned by the registrant; with an existing name it asks to join, and the owner or an
 * organizer accepts or declines. Organizers move and remove members. Teams belong to one
 * challenge (names are unique within it), and a participant is a member of at most one team per
 * challenge: the team of its enrolment there.
 */
@Service
public class Teams {

    static final int MAX_NAME = 100;

    private final TeamRepository teams;
    private final EnrolmentRepository participants;
    private final ChallengeIds challenges;
    private final Enrolments enrolments;
    private final OrganizerActions audit;
    private final Clock clock;
    private final JdbcTemplate jdbc;

    Teams(TeamRepository teams, EnrolmentRepository participants, ChallengeIds challenges,
          @org.springframework.context.annotation.Lazy Enrolments enrolments, OrganizerActions audit, Clock clock,
          JdbcTemplate jdbc) {
        this.teams = teams;
        this.participants = participants;
        this.challenges = challenges;
        this.enrolments = enrolments;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /**
     * The team of that name, created if new. Names are normalized ({@link DisplayNames#name}) and
     * matched by what a reader can tell apart: case, look-alike letters and invisible characters
     * do not make another team.
     */
    Team findOrCreate(long challengeId, String name) {
        String normalized = DisplayNames.name("team", name, MAX_NAME);
        return find(challengeId, normalized).orElseGet(() -> create(challengeId, normalized));
    }

    private Optional<Team> find(long challengeId, String normalizedName) {
        return teams.findByChallengeIdAndNameKey(challengeId, DisplayNames.matchKey(normalizedName));
    }

    private Team create(long challengeId, String normalizedName) {
        return teams.save(new Team(challengeId, normalizedName, DisplayNames.matchKey(normalizedName),
                clock.instant()));
    }

    /** The id of the team with this name in the challenge, created if needed. */
    @Transactional
    public long idOf(String challenge, String name) {
        return findOrCreate(challenges.of(challenge).id(), name).id();
    }

    /** A new enrolment: owner of a new team of its challenge, or asking to join an existing one. */
    Team joinOrCreate(Enrolment participant, String normalizedName) {
        long challengeId = participant.challengeId();
        Optional<Team> existing = find(challengeId, normalizedName);
        if (existing.isPresent()) {
            participant.requestToJoin(existing.get(), clock.instant());
            return existing.get();
        }
        Team team = create(challengeId, normalizedName);
        participant.joinTeam(team);
        team.ownedBy(participant.participantId());
        return team;
    }

    /**
     * A rejected enrolment sent again, naming a team: it keeps its team (or its request to join
     * one) when the name is that team's, as a reader tells names apart. Naming another, it leaves
     * its team or withdraws its request (an owner's team passes on as when an owner leaves), then
     * joins or creates the named team as a first enrolment does ({@link #joinOrCreate}).
     */
    void reapplied(Enrolment enrolment, String normalizedName) {
        Team current = enrolment.team() != null ? enrolment.team() : enrolment.requestedTeam();
        if (current != null && current.nameKey().equals(DisplayNames.matchKey(normalizedName))) {
            return;
        }
        Team from = enrolment.team();
        enrolment.leaveTeam();
        handOver(from, enrolment);
        removeIfAbandoned(from);
        joinOrCreate(enrolment, normalizedName);
    }

    /**
     * A team its last member left: without submissions, nothing of it is worth keeping, so it is
     * removed (its name free again) and its pending requests to join are declined (audited as
     * such), since nobody is left to accept them. A team with submissions is kept, without owner,
     * for its leaderboard entries; organizers settle its requests.
     */
    private void removeIfAbandoned(Team team) {
        if (team == null) {
            return;
        }
        participants.flush();
        if (!participants.findByTeamOrderByEnrolledAtAscIdAsc(team).isEmpty()
                || jdbc.queryForObject("select exists (select 1 from submission where team_id = ?)", Boolean.class,
                        team.id())) {
            return;
        }
        for (Enrolment asking : participants.findByRequestedTeamOrderByRequestedAtAscIdAsc(team)) {
            ParticipantView before = asking.view();
            asking.leaveTeam();
            audit.record("join-request.decline", "participant:" + asking.participantId(), before, asking.view());
        }
        participants.flush();
        teams.delete(team);
        teams.flush();
    }

    /** The caller's team in the challenge with its members. */
    @Transactional(readOnly = true)
    public TeamView mine(Caller caller, String challenge) {
        Team team = teamOf(enrolments.in(caller, challenge));
        List<TeamView.Member> members = participants.findByTeamOrderByEnrolledAtAscIdAsc(team).stream()
                .map(p -> new TeamView.Member(p.participantId(), p.participant().name(), p.status(),
                        p.participantId().equals(team.ownerId())))
                .toList();
        return new TeamView(team.name(), team.ownerId(), members,
                participants.findByRequestedTeamOrderByRequestedAtAscIdAsc(team).size());
    }

    /** The requests to join the caller's team in the challenge, oldest first: for its owner only. */
    @Transactional(readOnly = true)
    public List<JoinRequest> requests(Caller caller, String challenge) {
        Team team = ownedTeam(enrolments.in(caller, challenge));
        return participants.findByRequestedTeamOrderByRequestedAtAscIdAsc(team).stream()
                .map(Enrolment::joinRequest).toList();
    }

    /** The owner of the caller's team in the challenge accepts or declines a request to join it. */
    @Transactional
    public ParticipantView decide(Caller caller, String challenge, long participantId, boolean accept) {
        Team team = ownedTeam(enrolments.in(caller, challenge));
        Enrolment asking = participants.findByParticipantIdAndChallengeId(participantId, team.challengeId())
                .filter(p -> p.requestedTeam() != null && p.requestedTeam().id().equals(team.id()))
                .orElseThrow(() -> ParticipantException.notFound("Participant " + participantId
                        + " has no pending request to join your team."));
        return decide(asking, accept);
    }

    /** Every pending join request of the challenge, oldest first: for organizers. */
    @Transactional(readOnly = true)
    public List<JoinRequest> allRequests(String challenge) {
        return participants.findByChallengeIdAndRequestedTeamIsNotNullOrderByRequestedAtAscIdAsc(
                        challenges.of(challenge).id()).stream()
                .map(Enrolment::joinRequest).toList();
    }

    /** An organizer accepts or declines a participant's request to join a team of the challenge. */
    @Transactional
    public ParticipantView decideAsOrganizer(String challenge, long participantId, boolean accept) {
        Enrolment asking = find(challenge, participantId);
        if (asking.requestedTeam() == null) {
            throw ParticipantException.notFound("Participant " + participantId + " has no pending request to join a team.");
        }
        return decide(asking, accept);
    }

    /** An organizer moves a participant into a team of the challenge, created (and owned by it) if the name is new. */
    @Transactional
    public ParticipantView move(String challenge, long participantId, String teamName) {
        if (teamName == null || teamName.isBlank()) {
            throw ParticipantException.invalid("team must be the name of a team, 1 to " + MAX_NAME + " characters.");
        }
        Enrolment participant = find(challenge, participantId);
        ParticipantView before = participant.view();
        Team from = participant.team();
        Team to = findOrCreate(participant.challengeId(), teamName);
        participant.joinTeam(to);
        handOver(from, participant);
        if (to.ownerId() == null) {
            to.ownedBy(participant.participantId());
        }
        audit.record("team.move", "participant:" + participantId, before, participant.view());
        return participant.view();
    }

    /** An organizer removes a participant from its team in the challenge (or withdraws its pending request). */
    @Transactional
    public ParticipantView remove(String challenge, long participantId) {
        Enrolment participant = find(challenge, participantId);
        ParticipantView before = participant.view();
        Team from = participant.team();
        participant.leaveTeam();
        handOver(from, participant);
        audit.record("team.remove", "participant:" + participantId, before, participant.view());
        return participant.view();
    }

    private ParticipantView decide(Enrolment asking, boolean accept) {
        ParticipantView before = asking.view();
        Team team = asking.requestedTeam();
        if (accept) {
            asking.joinTeam(team);
            if (team.ownerId() == null) {
                team.ownedBy(asking.participantId());
            }
        } else {
            asking.leaveTeam();
        }
        audit.record(accept ? "join-request.accept" : "join-request.decline", "participant:" + asking.participantId(), before,
                asking.view());
        return asking.view();
    }

    /**
     * When the owner leaves, the longest-standing approved member left owns the team; without
     * one, nobody does and organizers decide (the next member approved becomes its owner).
     */
    private void handOver(Team from, Enrolment leaving) {
        if (from == null || !leaving.participantId().equals(from.ownerId()) || from.equals(leaving.team())) {
            return;
        }
        handOver(from, leaving.participantId());
    }

    private void handOver(Team team, Long leaving) {
        participants.flush();
        team.ownedBy(participants.findByTeamOrderByEnrolledAtAscIdAsc(team).stream()
                .filter(member -> !member.participantId().equals(leaving)
                        && member.status() == ParticipantStatus.APPROVED)
                .map(Enrolment::participantId).findFirst().orElse(null));
    }

    /** An enrolment was rejected: if it owned its team, the team passes on as when an owner leaves. */
    void ownerRejected(Enrolment rejected) {
        Team team = rejected.team();
        if (team != null && rejected.participantId().equals(team.ownerId())) {
            handOver(team, rejected.participantId());
        }
    }

    /** An enrolment was approved: a member of a team without an owner becomes its owner. */
    void memberApproved(Enrolment approved) {
        Team team = approved.team();
        if (team != null && team.ownerId() == null) {
            team.ownedBy(approved.participantId());
        }
    }

    private Team teamOf(Caller caller) {
        if (caller.organizer()) {
            throw ParticipantException.notFound("The organizer token belongs to no team.");
        }
        if (caller.teamId() == null) {
            throw ParticipantException.notAllowed(noTeam(caller));
        }
        return teams.findById(caller.teamId()).orElseThrow();
    }

    /**
     * The caller's team if it owns it with an approved registration: an owner whose registration
     * is pending has no owner's powers (organizers decide on the team's requests meanwhile).
     */
    private Team ownedTeam(Caller caller) {
        Team team = teamOf(caller);
        if (!caller.participantId().equals(team.ownerId())) {
            throw ParticipantException.notAllowed("Only the owner of team '" + team.name()
                    + "' sees and decides its join requests.");
        }
        if (caller.status() != ParticipantStatus.APPROVED) {
            throw ParticipantException.notAllowed("Your registration is still pending: until an organizer approves it, "
                    + "organizers decide on the requests to join team '" + team.name() + "'.");
        }
        return team;
    }

    /** Why a participant without a team (in the challenge at hand) may not act as one. */
    public static String noTeam(Caller caller) {
        if (caller.status() == null) {
            return "You are not enrolled in this challenge: enrol first (POST /api/v1/challenges/{challenge}/enrolments).";
        }
        if (caller.pendingTeam() != null) {
            return "Your request to join team '" + caller.pendingTeam() + "' is still pending: its owner or an "
                    + "organizer must accept it first.";
        }
        return "You are not a member of any team: ask an organizer to add you to one.";
    }

    private Enrolment find(String challenge, long participantId) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        return participants.findByParticipantIdAndChallengeId(participantId, ref.id())
                .orElseThrow(() -> ParticipantException.notFound("Participant " + participantId + " is not enrolled in "
                        + ref.slug() + "."));
    }
}
