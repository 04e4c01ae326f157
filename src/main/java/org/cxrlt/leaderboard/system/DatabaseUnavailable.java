package org.cxrlt.leaderboard.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that cannot be reached (down, restarting, paused, out of connections) from
 * every other failure: the former answers 503 with {@code Retry-After}, since retrying soon is
 * the right thing for the client to do, and costs a submission being scored none of its attempts.
 */
public final class DatabaseUnavailable {

    /** What clients are told to wait before retrying. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public static final String DETAIL = "The database is unavailable for a moment, so nothing was stored or "
            + "changed; please try again in a few seconds.";

    private DatabaseUnavailable() {
    }

    /**
     * Whether {@code failure}, or one of its causes, says the database could not be reached: no
     * connection to be had, a resource failure, a transient resource or recoverable data access
     * failure, a connection exception of the driver, a broken or closed connection, SQLSTATE class
     * 08 or 57P01-57P03.
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosed(sql))) {
                return true;
            }
            // Rolling back on a connection that broke: this failure replaces the one that broke it.
            if (t.getClass().getName().equals("org.hibernate.TransactionException")) {
                return true;
            }
        }
        return false;
    }

    /** The pool's or the driver's answer to a use of a connection that broke. */
    private static boolean isClosed(SQLException e) {
        return "Connection is closed".equals(e.getMessage()) || "This connection has been closed.".equals(e.getMessage());
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (the server shutting down, crashed,
     * or not yet accepting connections).
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
