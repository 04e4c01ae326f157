package org.cxrlt.leaderboard.participant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An account without an enrolment yet: enrol later in each challenge. */
public record AccountRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 320) String email,
        @Size(max = 300) String affiliation) {
}
