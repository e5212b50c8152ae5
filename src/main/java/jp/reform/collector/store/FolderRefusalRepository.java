package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Items of the shared inbox that were refused (left in place, never read) or set aside in a .quarantine
 * folder, for the exception report. An item left in place is seen again at every poll: it is recorded
 * once. A file left because it could not be moved ({@link #recordKept}) is known by its fingerprint so that
 * it is not read again while what kept it there lasts (see FolderJail).
 */
public final class FolderRefusalRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/folder_refusals.sql");

    /** Why an item was not taken the ordinary way; the database value is the lower-case name. */
    public enum Kind {
        LINKED_FOLDER, SYMLINK, SPECIAL_FILE, HARD_LINK, OUTSIDE_INBOX, UNRESOLVABLE, UNSAFE_NAME, UNREADABLE,
        POISON, UNARCHIVABLE, NOT_IN_FOLDER, SUBFOLDER, UNLISTABLE;

        public String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(String dbValue) {
            return valueOf(dbValue.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One refused item.
     *
     * @param itemPath         relative to the inbox, as found
     * @param fingerprint      size:modified of a file, "" for a folder
     * @param receiptNo        the receipt when the file had been received before it was set aside
     * @param tellDepartment   the 課 saved it so in its own folder and is told by mail what to do (UnreadItemMailer);
     *                         false for what is the division's or IT's alone
     */
    public record Refusal(String itemPath, String departmentFolder, Kind kind, String fingerprint, String detail,
                          String receiptNo, boolean tellDepartment) {

        public Refusal(String itemPath, String departmentFolder, Kind kind, String fingerprint, String detail,
                       String receiptNo) {
            this(itemPath, departmentFolder, kind, fingerprint, detail, receiptNo, false);
        }
    }

    /**
     * A file left in place because it could not be moved, as the folder intake rechecks it.
     *
     * @param recheck      what was seen keeping it there when it was left (FolderJail); null in older rows
     * @param archivedPath where its submission says it is archived, relative to its folder; null when not received
     */
    public record Kept(long id, String itemPath, Kind kind, String fingerprint, String recheck, String archivedPath) {
    }

    /** A file recorded as kept in place: its row, and whether the row is new (to be logged and reported). */
    public record KeptRow(long id, boolean first) {
    }

    /**
     * A row for the exception report.
     *
     * @param departmentMailed the 課 was told of it by mail ({@link #toTellDepartments})
     */
    public record Reported(long id, Instant foundAt, String departmentFolder, String itemPath, Kind kind,
                           boolean quarantined, String quarantinedAs, String detail, String receiptNo,
                           boolean departmentMailed) {
    }

    /** An item a 課 saved so in its own folder, that it is to be told of. */
    public record ToTell(long id, String departmentFolder, String itemPath, Kind kind, boolean quarantined) {
    }

    private final Database database;
    private final String instance;

    public FolderRefusalRepository(Database database, String instance) {
        this.database = database;
        this.instance = instance;
    }

    /** Records an item left where it is; @return true when it was not known yet. */
    public boolean recordLeft(Refusal r) throws SQLException {
        return update("recordLeft", r.itemPath(), r.departmentFolder(), r.kind().dbValue(), r.fingerprint(),
                r.detail(), r.receiptNo(), instance, r.tellDepartment()) == 1;
    }

    /** Records an item moved into quarantine (each move is a row of its own). */
    public void recordQuarantined(Refusal r, String quarantinedAs) throws SQLException {
        update("recordQuarantined", r.itemPath(), r.departmentFolder(), r.kind().dbValue(), quarantinedAs,
                r.detail(), r.receiptNo(), instance, r.tellDepartment());
    }

    /**
     * Records a file left in place because it could not be moved (it is not read again while unchanged), or
     * updates what keeps it there when it was recorded before: a file taken again that still could not be moved
     * is not reported again.
     */
    public KeptRow recordKept(Refusal r, String recheck) throws SQLException {
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement(SQL.get("recordKept"))) {
            Jdbc.bind(ps, r.itemPath(), r.departmentFolder(), r.kind().dbValue(), r.fingerprint(), r.detail(),
                    r.receiptNo(), instance, recheck);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new KeptRow(rs.getLong(1), rs.getBoolean(2));
            }
        }
    }

    /** Every file currently kept in place because it could not be moved (one query, however many files). */
    public List<Kept> keptInPlace() throws SQLException {
        try (Connection c = database.connect()) {
            return Jdbc.list(c, SQL.get("keptInPlace"), rs -> new Kept(rs.getLong(1), rs.getString(2),
                    Kind.of(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6)));
        }
    }

    /** Files kept in place that were dealt with since (archived or quarantined): no longer kept. */
    public void clearKept(List<Long> ids) throws SQLException {
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement(SQL.get("clearKept"))) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    /** A received file set aside: its submission points at where it went (relative to its folder). */
    public void moveArchivedPath(String receiptNo, String archivedPath) throws SQLException {
        update("moveArchivedPath", archivedPath, receiptNo);
    }

    public List<Reported> toReport(Connection c) throws SQLException {
        List<Reported> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("toReport"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new Reported(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), Kind.of(rs.getString(5)), "quarantined".equals(rs.getString(6)),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getBoolean(10)));
            }
        }
        return found;
    }

    /**
     * What a 課 saved in its folder that is not read and it has not been told of (the jail decided it is the 課's
     * to put right), oldest first; the rows stay locked for the caller's transaction (another instance passes over
     * them).
     */
    public List<ToTell> toTellDepartments(Connection c) throws SQLException {
        return Jdbc.list(c, SQL.get("toTellDepartments"), rs -> new ToTell(rs.getLong(1), rs.getString(2),
                rs.getString(3), Kind.of(rs.getString(4)), "quarantined".equals(rs.getString(5))));
    }

    /** The rows dealt with by the notice step: told by mail, or not (no 課 or no address to tell). */
    public void markDepartmentNoticed(Connection c, List<Long> ids, boolean mailed) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("markDepartmentNoticed"))) {
            ps.setBoolean(1, mailed);
            ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    public void markReported(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("markReported"))) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    private int update(String statement, Object... params) throws SQLException {
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(ps, params);
            return ps.executeUpdate();
        }
    }
}
