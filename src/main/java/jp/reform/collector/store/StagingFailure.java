package jp.reform.collector.store;

import java.sql.SQLException;

/**
 * A database failure while rows are being staged from inside the reader's callbacks, which cannot throw
 * checked exceptions. The ingest unwraps it, so that it is a database failure (file left in the inbox
 * and processed again), never mistaken for an unreadable file.
 */
public final class StagingFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StagingFailure(SQLException cause) {
        super(cause);
    }

    public SQLException sqlException() {
        return (SQLException) getCause();
    }
}
