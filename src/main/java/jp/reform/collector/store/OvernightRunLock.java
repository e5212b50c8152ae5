package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running overnight run holds a PostgreSQL session lock named after its run for as long as it runs: a run
 * whose row is open (no finish, no outcome) but whose lock nobody holds has stopped halfway, its process killed
 * or its database connection gone, and is not "under way" any more. Its row alone cannot say so: a process that
 * dies writes nothing. The two-key form (objsubid 2 in pg_locks) keeps it apart from the collector's other
 * advisory locks, which take one key.
 */
public final class OvernightRunLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OvernightRunLock.class);
    /** The first key of every run's lock ("ON", for overnight). */
    public static final int CLASS = 0x4F4E;

    /**
     * SQL: whether the run of {@code alias.run_id} holds its lock now, for a where clause over overnight_run.
     */
    public static String heldBy(String alias) {
        return "exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.objsubid = 2 and l.granted"
                + " and l.classid = " + CLASS + "::oid and l.objid = " + alias + ".run_id::oid)";
    }

    private final Connection connection;
    private final long runId;

    private OvernightRunLock(Connection connection, long runId) {
        this.connection = connection;
        this.runId = runId;
    }

    /** Takes the run's lock on a connection of its own, held until {@link #close()}. */
    public static OvernightRunLock take(Database database, long runId) throws SQLException {
        Connection c = database.connectOutsideThePool();
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_lock(?, ?)")) {
            ps.setInt(1, CLASS);
            ps.setInt(2, (int) runId);
            ps.execute();
            return new OvernightRunLock(c, runId);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Lets the lock go, and the connection; when the database is gone, the lock went with it anyway. */
    @Override
    public void close() {
        try (Connection c = connection; PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, CLASS);
            ps.setInt(2, (int) runId);
            ps.execute();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("The lock of overnight run {} was not let go (it ends with its connection): {}", runId,
                    e.getMessage());
        }
    }
}
