package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

@ExtendWith(OutputCaptureExtension.class)
class IntegrityLoggingTests {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice(
                new UploadSettings(DataSize.ofMegabytes(2), DataSize.ofMegabytes(1), 4, java.time.Duration.ofSeconds(5)));

    private static DataIntegrityViolationException violation(String state, String constraint, String detail) {
        PSQLException psql = new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0Mduplicate key value "
                + "violates unique constraint \"" + constraint + "\"\0D" + detail + "\0n" + constraint + "\0"));
        return new DataIntegrityViolationException("could not execute statement", psql);
    }

    @Test
    void aRefusedChangeIsLoggedByItsConstraintWithoutTheValues(CapturedOutput output) {
        var answer = advice.integrity(violation("23505", "participant_email_key",
                "Key (lower(email))=(ada.secret@example.org) already exists."));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(output.getAll()).contains("constraint participant_email_key (SQL state 23505)")
                .doesNotContain("ada.secret@example.org");
    }

    @Test
    void aValueTheDatabaseCannotStoreIsTheRequestsFault(CapturedOutput output) {
        var answer = advice.integrity(violation("22021", "none", "invalid byte sequence for encoding UTF8: 0x00"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().getDetail()).startsWith("A value of the request cannot be stored");
        assertThat(output.getAll()).contains("SQL state 22021").doesNotContain("0x00");
    }
}
