package org.cxrlt.leaderboard.participant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An account and its enrolment in one challenge, in one call.
 *
 * @param challenge the challenge's slug; cxr-lt-2024 when left out
 */
public record RegistrationRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 320) String email,
        @NotBlank @Size(max = 100) String team,
        @Size(max = 300) String affiliation,
        @Size(max = 100) String challenge) {
}
