package jp.reform.collector.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.Jdbc;
import jp.reform.collector.store.SqlStatements;

/**
 * Records changes of the console users in the audit log. Users live in config/users.csv, changed by the
 * {@code users} command or by hand, so a change is noticed by comparing the file with the users as last
 * recorded (console_user_state): at start and whenever the file is read again. One instance records a
 * change once; a change made while the service was stopped is recorded at the next start.
 */
final class UserChanges {

    private static final SqlStatements SQL = SqlStatements.load("/sql/audit.sql");

    private final Database database;
    private final AuditLog audit;

    UserChanges(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** A user as the audit log sees it: no password, only whether it changed. */
    record State(String login, String displayName, String role, String department, String passwordFingerprint) {

        static State of(User user) {
            return new State(User.loginKey(user.login()), user.displayName(), user.role().word(), user.department(),
                    fingerprint(user.passwordHash()));
        }

        Map<String, Object> shown() {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("login", login);
            shown.put("display_name", displayName);
            shown.put("role", role);
            shown.put("department", department);
            return shown;
        }
    }

    /** Who changed the users: the collector noticing the file, or a console user from an address. */
    record Actor(String login, String role, String remoteAddress) {
        static final Actor SYSTEM = new Actor(AuditEntry.SYSTEM, null, null);
    }

    /** @return how many changes were recorded, each as noticed by the collector in the file */
    int record(UserDirectory users) throws SQLException {
        return record(users, Actor.SYSTEM);
    }

    /**
     * As {@link #record(UserDirectory)}, each change recorded as {@code actor}'s: the console records its own
     * change before the file is read again, so that it is not recorded a second time as the file's.
     *
     * @return how many changes were recorded
     */
    int record(UserDirectory users, Actor actor) throws SQLException {
        Map<String, State> now = new LinkedHashMap<>();
        users.all().forEach(u -> now.put(User.loginKey(u.login()), State.of(u)));
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                int recorded = compareAndRecord(c, now, actor);
                c.commit();
                return recorded;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int compareAndRecord(Connection c, Map<String, State> now, Actor actor) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(SQL.get("lockUserState"))) {
            lock.execute();
        }
        Map<String, State> recorded = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("userStates")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                recorded.put(rs.getString(1), new State(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
        }
        int changes = 0;
        for (State user : now.values()) {
            State before = recorded.remove(user.login());
            if (before == null) {
                audit.record(c, entry(actor, AuditAction.USER_ADDED, user.department(), null, user.shown()));
            } else if (!before.equals(user)) {
                Map<String, Object> after = user.shown();
                if (!Objects.equals(before.passwordFingerprint(), user.passwordFingerprint())) {
                    // who set it tells a password the user chose from one the division issued
                    after.put("password", actor.login().equals(AuditEntry.SYSTEM) ? "changed"
                            : User.loginKey(actor.login()).equals(user.login()) ? "changed_by_user" : "reissued");
                }
                audit.record(c, entry(actor, AuditAction.USER_CHANGED, user.department(), before.shown(), after));
            } else {
                continue;
            }
            update(c, "upsertUserState", user.login(), user.displayName(), user.role(), user.department(),
                    user.passwordFingerprint());
            changes++;
        }
        for (State removed : recorded.values()) {
            audit.record(c, entry(actor, AuditAction.USER_REMOVED, removed.department(), removed.shown(), null));
            update(c, "deleteUserState", removed.login());
            changes++;
        }
        return changes;
    }

    private static AuditEntry entry(Actor actor, AuditAction action, String department, Map<String, Object> before,
                                    Map<String, Object> after) {
        return new AuditEntry(actor.login(), actor.role(), action, null, null, department, null, before, after,
                actor.remoteAddress());
    }

    private static void update(Connection c, String statement, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(ps, params);
            ps.executeUpdate();
        }
    }

    private static String fingerprint(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
