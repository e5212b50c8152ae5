package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Claims in PostgreSQL shared by every instance on the same database: the first instance to claim a key
 * does the work, the others skip it until the claim is released. A claim that outlives {@code expiry}
 * was left by a process that died and is taken over. As a Camel {@link IdempotentRepository} it is the
 * folder consumer's read lock (readLock=idempotent-changed), which keeps two instances from reading the
 * same file.
 */
public final class ClaimRepository extends ServiceSupport implements IdempotentRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/claims.sql");

    private final Database database;
    private final String repository;
    private final String instance;
    private final Duration expiry;

    public ClaimRepository(Database database, String repository, String instance, Duration expiry) {
        this.database = database;
        this.repository = repository;
        this.instance = instance;
        this.expiry = expiry;
    }

    /** @return true when this instance now holds the claim */
    @Override
    public boolean add(String key) {
        return execute("claim", key, instance, (double) expiry.toSeconds()) == 1;
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement(SQL.get("exists"))) {
            Jdbc.bind(ps, repository, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read claim " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String key) {
        return execute("release", key) == 1;
    }

    /** Nothing to confirm: a claim lasts until it is released. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        execute("clear");
    }

    private int execute(String statement, Object... params) {
        Object[] all = new Object[params.length + 1];
        all[0] = repository;
        System.arraycopy(params, 0, all, 1, params.length);
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(ps, all);
            return ps.executeUpdate();
        } catch (SQLException e) {
            // the consumer treats this as "not acquired" and tries again at the next poll
            throw new IllegalStateException("Cannot update claim in " + repository + ": " + e.getMessage(), e);
        }
    }
}
