package org.cxrlt.leaderboard.participant;

import java.util.Optional;
import org.cxrlt.leaderboard.system.BearerTokens;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finds who a bearer token belongs to, by the token's hash. */
@Service
public class TokenAuthenticator implements BearerTokens {

    private final OrganizerTokens organizers;
    private final ParticipantRepository participants;

    TokenAuthenticator(OrganizerTokens organizers, ParticipantRepository participants) {
        this.organizers = organizers;
        this.participants = participants;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Caller> authenticate(String token) {
        byte[] hash = Tokens.hash(token);
        if (organizers.isOrganizer(hash)) {
            return Optional.of(Caller.ofOrganizer());
        }
        return participants.findByTokenHash(hash).map(p -> Caller.ofAccount(p.id()));
    }
}
