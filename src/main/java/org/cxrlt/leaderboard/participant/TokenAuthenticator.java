package org.cxrlt.leaderboard.participant;

import java.util.Optional;
import org.cxrlt.leaderboard.system.BearerTokens;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finds who a bearer token belongs to, by the token's hash: the administrator, an organizer account, a participant. */
@Service
public class TokenAuthenticator implements BearerTokens {

    private final OrganizerTokens organizers;
    private final OrganizerAccounts accounts;
    private final ParticipantRepository participants;

    TokenAuthenticator(OrganizerTokens organizers, OrganizerAccounts accounts, ParticipantRepository participants) {
        this.organizers = organizers;
        this.accounts = accounts;
        this.participants = participants;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Caller> authenticate(String token) {
        byte[] hash = Tokens.hash(token);
        if (organizers.isOrganizer(hash)) {
            return Optional.of(Caller.ofOrganizer());
        }
        Optional<Staff> staff = accounts.findByTokenHash(hash);
        if (staff.isPresent()) {
            return staff.map(Caller::ofStaff);
        }
        return participants.findByTokenHash(hash).map(p -> Caller.ofAccount(p.id()));
    }
}
