package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.unit.DataSize;

/** Which failures mean "the database cannot be reached", and what the client is told then. */
class DatabaseUnavailableTests {

    @Test
    void connectionFailuresOfEveryLayerAreRecognised() {
        assertThat(DatabaseUnavailable.isCause(new CannotGetJdbcConnectionException("pool",
                new SQLTransientConnectionException("embedded - Connection is not available, request timed out "
                        + "after 3000ms")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new CannotCreateTransactionException("JPA", null))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new DataAccessResourceFailureException("io",
                new PSQLException("An I/O error occurred while sending to the backend.",
                        PSQLState.CONNECTION_FAILURE)))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new RuntimeException(new PSQLException(
                "FATAL: terminating connection due to administrator command", PSQLState.UNKNOWN_STATE) {
            @Override
            public String getSQLState() {
                return "57P01";
            }
        }))).isTrue();
    }

    @Test
    void transientResourceAndRecoverableDataAccessFailuresAreRecognised() {
        assertThat(DatabaseUnavailable.isCause(new org.springframework.dao.TransientDataAccessResourceException(
                "the server is restarting"))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new org.springframework.dao.RecoverableDataAccessException(
                "reconnect and retry"))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException(new java.sql.SQLException(
                "FATAL: the database system is starting up", "57P03")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new RuntimeException(new java.sql.SQLException(
                "Connection refused", "08001")))).isTrue();
    }

    @Test
    void aRollbackOnABrokenConnectionThatHidesTheFirstFailureIsRecognised() {
        // What a query cut off by the socket timeout ends in when its transaction is rolled back.
        assertThat(DatabaseUnavailable.isCause(new org.springframework.orm.jpa.JpaSystemException(
                new org.hibernate.TransactionException("Unable to rollback against JDBC Connection",
                        new java.sql.SQLException("Connection is closed"))))).isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertThat(DatabaseUnavailable.isCause(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new BadSqlGrammarException("q", "select", new java.sql.SQLException(
                "syntax", "42601")))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("boom"))).isFalse();
    }

    @Test
    void anUnreachableDatabaseAnswers503WithRetryAfterAndASentence() {
        ProblemDetailsAdvice advice = new ProblemDetailsAdvice(
                new UploadSettings(DataSize.ofMegabytes(200), DataSize.ofMegabytes(1), 4, java.time.Duration.ofSeconds(5)));

        ResponseEntity<ProblemDetail> answer = advice.unexpected(new CannotGetJdbcConnectionException("pool",
                new SQLTransientConnectionException("timed out")));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody().getDetail()).isEqualTo("The database is unavailable for a moment, so nothing was "
                + "stored or changed; please try again in a few seconds.");
    }

    @Test
    void aBusyServiceAnswers503WithRetryAfterAndItsSentence() {
        ProblemDetailsAdvice advice = new ProblemDetailsAdvice(
                new UploadSettings(DataSize.ofMegabytes(200), DataSize.ofMegabytes(1), 4, java.time.Duration.ofSeconds(5)));

        ResponseEntity<ProblemDetail> answer = advice.refused(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                "The service is storing many uploads at once; nothing was stored, please send the file again in a "
                + "few seconds.", java.time.Duration.ofSeconds(5), null) { });

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody().getDetail()).startsWith("The service is storing many uploads at once");
    }
}
