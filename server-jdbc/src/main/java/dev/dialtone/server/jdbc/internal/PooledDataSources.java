package dev.dialtone.server.jdbc.internal;

import java.util.Objects;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * Connection pools for the databases the store opens by itself. Both use H2's small {@link JdbcConnectionPool}, which
 * pools any {@link javax.sql.ConnectionPoolDataSource}: no pool library is needed. A connection that fails with a
 * connection error is dropped from the pool (the drivers report it), and the store runs its idempotent statements
 * again on a fresh one.
 */
public final class PooledDataSources {

    /** Connections kept and handed out at most, per store. */
    static final int MAX_CONNECTIONS = 16;

    private PooledDataSources() {
    }

    /**
     * A pool for {@code jdbc:h2:} or {@code jdbc:postgresql:} URLs.
     *
     * @param user null for none
     * @param password null for none
     * @throws IllegalArgumentException for another kind of URL
     */
    public static JdbcConnectionPool forUrl(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        JdbcConnectionPool pool;
        if (url.startsWith("jdbc:h2:")) {
            pool = JdbcConnectionPool.create(url, user == null ? "" : user, password == null ? "" : password);
        } else if (url.startsWith("jdbc:postgresql:")) {
            PGConnectionPoolDataSource postgres = new PGConnectionPoolDataSource();
            postgres.setURL(url);
            if (user != null) {
                postgres.setUser(user);
            }
            if (password != null) {
                postgres.setPassword(password);
            }
            pool = JdbcConnectionPool.create(postgres);
        } else {
            int query = url.indexOf('?');
            throw new IllegalArgumentException("the call-record store opens jdbc:h2: and jdbc:postgresql: URLs, not "
                    + (query < 0 ? url : url.substring(0, query)) + "; pass a DataSource for other drivers");
        }
        pool.setMaxConnections(MAX_CONNECTIONS);
        return pool;
    }
}
