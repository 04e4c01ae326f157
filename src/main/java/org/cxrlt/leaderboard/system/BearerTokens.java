package org.cxrlt.leaderboard.system;

import java.util.Optional;

/** Finds who a bearer token belongs to; the security filter asks it, the module owning tokens answers. */
public interface BearerTokens {

    /** The token's holder, or empty when the token is unknown. */
    Optional<? extends TokenHolder> authenticate(String token);
}
