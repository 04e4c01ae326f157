package org.cxrlt.leaderboard.participant;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.cxrlt.leaderboard.system.InvalidRequestException;
import org.cxrlt.leaderboard.system.NotAllowedException;
import org.cxrlt.leaderboard.system.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams by name (case-insensitive) and their members. Registering with a new name creates the
 * team, owned by the registrant; with an existing name it asks to join, and the owner or an
 * organizer accepts or declines. Organizers move and remove members. A participant is a member
 * of at most one team (the service runs one challenge at a time, so this is one team per challenge).
 */
@Service
public class Teams {

    static final int MAX_NAME = 100;

    private final TeamRepository teams;
    private final ParticipantRepository participants;
    private final OrganizerActions audit;
    private final Clock clock;

    Teams(TeamRepository teams, ParticipantRepository participants, OrganizerActions audit, Clock clock) {
        this.teams = teams;
        this.participants = participants;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The team of that name, created if new. Names are normalized ({@link DisplayNames#name}) and
     * matched by what a reader can tell apart: case, look-alike letters and invisible characters
     * do not make another team.
     */
    Team findOrCreate(String name) {
        String normalized = DisplayNames.name("team", name, MAX_NAME);
        return find(normalized).orElseGet(() -> create(normalized));
    }

    private Optional<Team> find(String normalizedName) {
        return teams.findByNameKey(DisplayNames.matchKey(normalizedName));
    }

    private Team create(String normalizedName) {
        return teams.save(new Team(normalizedName, DisplayNames.matchKey(normalizedName), clock.instant()));
    }

    /** The id of the team with this name, created if needed. */
    @Transactional
    public long idOf(String name) {
        return findOrCreate(name).id();
    }

    /** A new registrant: owner of a new team, or asking to join an existing one. */
    Team joinOrCreate(Participant participant, String normalizedName) {
        Optional<Team> existing = find(normalizedName);
        if (existing.isPresent()) {
            participant.requestToJoin(existing.get(), clock.instant());
            return existing.get();
        }
        Team team = create(normalizedName);
        participant.joinTeam(team);
        team.ownedBy(participant.id());
        return team;
    }

    /** The caller's team with its members. */
    @Transactional(readOnly = true)
    public TeamView mine(Caller caller) {
        Team team = teamOf(caller);
        List<TeamView.Member> members = participants.findByTeamOrderByRegisteredAtAscIdAsc(team).stream()
                .map(p -> new TeamView.Member(p.id(), p.name(), p.status(), p.id().equals(team.ownerId())))
                .toList();
        return new TeamView(team.name(), team.ownerId(), members,
                participants.findByRequestedTeamOrderByRequestedAtAscIdAsc(team).size());
    }

    /** The requests to join the caller's team, oldest first: for its owner only. */
    @Transactional(readOnly = true)
    public List<JoinRequest> requests(Caller caller) {
        Team team = ownedTeam(caller);
        return participants.findByRequestedTeamOrderByRequestedAtAscIdAsc(team).stream()
                .map(Participant::joinRequest).toList();
    }

    /** The owner of the caller's team accepts or declines a request to join it. */
    @Transactional
    public ParticipantView decide(Caller caller, long participantId, boolean accept) {
        Team team = ownedTeam(caller);
        Participant asking = participants.findById(participantId)
                .filter(p -> p.requestedTeam() != null && p.requestedTeam().id().equals(team.id()))
                .orElseThrow(() -> new NotFoundException("Participant " + participantId
                        + " has no pending request to join your team."));
        return decide(asking, accept);
    }

    /** Every pending join request, oldest first: for organizers. */
    @Transactional(readOnly = true)
    public List<JoinRequest> allRequests() {
        return participants.findByRequestedTeamIsNotNullOrderByRequestedAtAscIdAsc().stream()
                .map(Participant::joinRequest).toList();
    }

    /** An organizer accepts or declines a participant's request to join a team. */
    @Transactional
    public ParticipantView decideAsOrganizer(long participantId, boolean accept) {
        Participant asking = find(participantId);
        if (asking.requestedTeam() == null) {
            throw new NotFoundException("Participant " + participantId + " has no pending request to join a team.");
        }
        return decide(asking, accept);
    }

    /** An organizer moves a participant into a team, created (and owned by it) if the name is new. */
    @Transactional
    public ParticipantView move(long participantId, String teamName) {
        if (teamName == null || teamName.isBlank()) {
            throw new InvalidRequestException("team must be the name of a team, 1 to " + MAX_NAME + " characters.");
        }
        Participant participant = find(participantId);
        ParticipantView before = participant.view();
        Team from = participant.team();
        Team to = findOrCreate(teamName);
        participant.joinTeam(to);
        handOver(from, participant);
        if (to.ownerId() == null) {
            to.ownedBy(participant.id());
        }
        audit.record("team.move", "participant:" + participantId, before, participant.view());
        return participant.view();
    }

    /** An organizer removes a participant from its team (or withdraws its pending request). */
    @Transactional
    public ParticipantView remove(long participantId) {
        Participant participant = find(participantId);
        ParticipantView before = participant.view();
        Team from = participant.team();
        participant.leaveTeam();
        handOver(from, participant);
        audit.record("team.remove", "participant:" + participantId, before, participant.view());
        return participant.view();
    }

    private ParticipantView decide(Participant asking, boolean accept) {
        ParticipantView before = asking.view();
        Team team = asking.requestedTeam();
        if (accept) {
            asking.joinTeam(team);
            if (team.ownerId() == null) {
                team.ownedBy(asking.id());
            }
        } else {
            asking.leaveTeam();
        }
        audit.record(accept ? "join-request.accept" : "join-request.decline", "participant:" + asking.id(), before,
                asking.view());
        return asking.view();
    }

    /**
     * When the owner leaves, the longest-standing approved member left owns the team; without
     * one, nobody does and organizers decide (the next member approved becomes its owner).
     */
    private void handOver(Team from, Participant leaving) {
        if (from == null || !leaving.id().equals(from.ownerId()) || from.equals(leaving.team())) {
            return;
        }
        handOver(from, leaving.id());
    }

    private void handOver(Team team, Long leaving) {
        participants.flush();
        team.ownedBy(participants.findByTeamOrderByRegisteredAtAscIdAsc(team).stream()
                .filter(member -> !member.id().equals(leaving) && member.status() == ParticipantStatus.APPROVED)
                .map(Participant::id).findFirst().orElse(null));
    }

    /** A registration was rejected: if it owned its team, the team passes on as when an owner leaves. */
    void ownerRejected(Participant rejected) {
        Team team = rejected.team();
        if (team != null && rejected.id().equals(team.ownerId())) {
            handOver(team, rejected.id());
        }
    }

    /** A registration was approved: a member of a team without an owner becomes its owner. */
    void memberApproved(Participant approved) {
        Team team = approved.team();
        if (team != null && team.ownerId() == null) {
            team.ownedBy(approved.id());
        }
    }

    private Team teamOf(Caller caller) {
        if (caller.organizer()) {
            throw new NotFoundException("The organizer token belongs to no team.");
        }
        if (caller.teamId() == null) {
            throw new NotAllowedException(noTeam(caller));
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
            throw new NotAllowedException("Only the owner of team '" + team.name()
                    + "' sees and decides its join requests.");
        }
        if (caller.status() != ParticipantStatus.APPROVED) {
            throw new NotAllowedException("Your registration is still pending: until an organizer approves it, "
                    + "organizers decide on the requests to join team '" + team.name() + "'.");
        }
        return team;
    }

    /** Why a participant without a team may not act as one. */
    public static String noTeam(Caller caller) {
        if (caller.pendingTeam() != null) {
            return "Your request to join team '" + caller.pendingTeam() + "' is still pending: its owner or an "
                    + "organizer must accept it first.";
        }
        return "You are not a member of any team: ask an organizer to add you to one.";
    }

    private Participant find(long participantId) {
        return participants.findById(participantId)
                .orElseThrow(() -> new NotFoundException("No participant " + participantId + "."));
    }
}
