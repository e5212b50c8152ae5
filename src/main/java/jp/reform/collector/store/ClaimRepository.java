package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims in PostgreSQL shared by every instance on the same database: the first instance to claim a key
 * does the work, the others skip it until the claim is released. A claim that outlives {@code expiry}
 * was left by a process that died and is taken over. As a Camel {@link IdempotentRepository} it is the
 * folder consumer's read lock (readLock=idempotent-changed), which keeps two instances from reading the
 * same file.
 */
public final class ClaimRepository extends ServiceSupport implements IdempotentRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/claims.sql");

    private static final Logger LOG = LoggerFactory.getLogger(ClaimRepository.class);

    private final Database database;
    private final String repository;
    private final String instance;
    private final Duration expiry;
    private final Consumer<RuntimeException> onFailure;
    private final AtomicBoolean failing = new AtomicBoolean();

    public ClaimRepository(Database database, String repository, String instance, Duration expiry) {
        this(database, repository, instance, expiry, e -> { });
    }

    /**
     * @param onFailure told of every claim that failed for the database's sake. Camel's read lock swallows the
     *                  exception and skips the file, so without it a poll during an outage would neither fail
     *                  nor ever be idle, and run-once would wait for it until its timeout
     */
    public ClaimRepository(Database database, String repository, String instance, Duration expiry,
                           Consumer<RuntimeException> onFailure) {
        this.database = database;
        this.repository = repository;
        this.instance = instance;
        this.expiry = expiry;
        this.onFailure = onFailure;
    }

    /** @return true when this instance now holds the claim */
    @Override
    public boolean add(String key) {
        try {
            boolean claimed = execute("claim", key, instance, (double) expiry.toSeconds()) == 1;
            if (failing.compareAndSet(true, false)) {
                LOG.info("Claims of the {} channel work again: the database is back", repository);
            }
            return claimed;
        } catch (RuntimeException e) {
            // once per outage, not once per file and poll
            if (failing.compareAndSet(false, true)) {
                LOG.warn("Claims of the {} channel fail: {}; its work waits until the database is back", repository,
                        e.getMessage());
            }
            onFailure.accept(e);
            throw e;
        }
    }

    /**
     * Releases the claims of collector processes of this machine that no longer run (killed, or ended while
     * the database was down and so could not release them), instead of leaving their files and mail until the
     * claims expire. A claim of a live process, or of another machine, is left to expire: a pid reused by some
     * other process counts as alive, which only means waiting for the expiry.
     *
     * @param thisMachine the host part of the instance names ({@code pid@host/…}) of this machine
     * @return how many claims were released
     */
    public static int releaseAbandoned(Database database, String thisMachine) {
        int released = 0;
        try (Connection c = database.connect();
             PreparedStatement held = c.prepareStatement(SQL.get("held"));
             PreparedStatement release = c.prepareStatement(SQL.get("releaseHeld"))) {
            List<String[]> abandoned = new ArrayList<>();
            try (ResultSet rs = held.executeQuery()) {
                while (rs.next()) {
                    String by = rs.getString(3);
                    if (onMachine(by, thisMachine) && !isAlive(by)) {
                        abandoned.add(new String[] {rs.getString(1), rs.getString(2), by});
                    }
                }
            }
            for (String[] claim : abandoned) {
                Jdbc.bind(release, (Object[]) claim);
                released += release.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the claims: " + e.getMessage(), e);
        }
        if (released > 0) {
            LOG.info("Released {} claim(s) of collector processes of this machine that no longer run", released);
        }
        return released;
    }

    private static boolean onMachine(String instance, String machine) {
        int at = instance.indexOf('@');
        int slash = instance.lastIndexOf('/');
        return at > 0 && slash > at && instance.substring(at + 1, slash).equals(machine);
    }

    /** Whether the process of an instance name {@code pid@host/…} of this machine is alive (unparsable: yes). */
    private static boolean isAlive(String instance) {
        try {
            long pid = Long.parseLong(instance.substring(0, instance.indexOf('@')));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return true;
        }
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
        return execute("release", key, instance) == 1;
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
