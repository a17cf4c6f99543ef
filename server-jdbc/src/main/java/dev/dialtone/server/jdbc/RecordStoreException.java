package dev.dialtone.server.jdbc;

import java.sql.SQLException;

/**
 * The database could not do what the record store asked: it is unreachable, refused a statement, or holds a schema
 * this version cannot use. The cause is the {@link SQLException}, when there is one.
 */
public final class RecordStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message and the database's error.
     *
     * @param message what the store was doing
     * @param cause the database's error; may be null
     */
    public RecordStoreException(String message, Throwable cause) {
        super(cause instanceof SQLException sql && sql.getMessage() != null ? message + ": " + sql.getMessage()
                : message, cause);
    }
}
