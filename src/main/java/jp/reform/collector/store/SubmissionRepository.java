package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.reform.collector.domain.Finding;

/** Submissions (every file received, whatever became of it) and their findings. */
public final class SubmissionRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/submissions.sql");
    private static final int FINDING_BATCH = 500;

    /** A submission about to be recorded. */
    public record NewSubmission(long id, String receiptNo, String channel, String sourceName, String department,
                                String sha256, long sizeBytes, Instant receivedAt, String status, int errorCount,
                                int warningCount, int rowCount, String archivedPath, Long duplicateOf,
                                String sourceKey, String sourceIdentity) {
    }

    /**
     * A submission found by where its file came from: what its file's archive needs (where it goes, its receipt).
     *
     * @param archivedPath relative to the department's folder, e.g. {@code .done/2026-06-20/R2026-000012_x.xlsx}
     */
    public record Received(long id, String receiptNo, String status, String department, String archivedPath,
                           String receiptText, String sourceIdentity) {
    }

    /** An earlier accepted submission of the same content, and the 課 it was received for (null: none). */
    public record Accepted(long id, String receiptNo, String sourceName, Instant receivedAt, String archivedPath,
                           String department) {
    }

    /** Serialises loads of one plan across instances until the transaction ends. */
    public void lockPlan(Connection c, String planCode) throws SQLException {
        lock(c, "lockPlan", planCode);
    }

    /** Serialises the handling of identical content, so that it is loaded once. */
    public void lockContent(Connection c, String sha256) throws SQLException {
        lock(c, "lockContent", sha256);
    }

    private static void lock(Connection c, String statement, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            ps.setString(1, key);
            ps.execute();
        }
    }

    public long nextId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("nextSubmissionId"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Optional<Accepted> findAccepted(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("findAccepted"))) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Accepted(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)));
            }
        }
    }

    public void insert(Connection c, NewSubmission s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("insertSubmission"))) {
            Jdbc.bind(ps, s.id(), s.receiptNo(), s.channel(), s.sourceName(), s.department(), s.sha256(),
                    s.sizeBytes(), s.receivedAt(), s.status(), s.errorCount(), s.warningCount(), s.rowCount(),
                    s.archivedPath(), s.duplicateOf(), s.sourceKey(), s.sourceIdentity());
            ps.executeUpdate();
        }
    }

    /** Keeps the receipt as written: a file archived after an interruption gets this one, not a second. */
    public void setReceiptText(Connection c, long submissionId, String receiptText) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("setReceiptText"))) {
            Jdbc.bind(ps, receiptText, submissionId);
            ps.executeUpdate();
        }
    }

    /**
     * The latest submission of a file that came from {@code sourceKey} by {@code channel} (folder or mail; one
     * indexed lookup), empty when none did.
     */
    public Optional<Received> findBySource(Connection c, String channel, String sourceKey) throws SQLException {
        String statement = switch (channel) {
            case "folder" -> "findFolderSource";
            case "mail" -> "findMailSource";
            default -> throw new IllegalArgumentException("no source key for channel " + channel);
        };
        try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            ps.setString(1, sourceKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Received(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
    }

    /** Findings tied to a plan row where known (plan, indicator, year may be null). */
    public record StoredFinding(Finding finding, String planCode, String indicatorCode, Integer fiscalYear) {
    }

    /** Inserts in batches of {@value #FINDING_BATCH}, so that the driver never holds one huge batch. */
    public void insertFindings(Connection c, long submissionId, List<StoredFinding> findings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("insertFinding"))) {
            int pending = 0;
            for (StoredFinding sf : findings) {
                Finding f = sf.finding();
                Jdbc.bind(ps, submissionId, f.severity().name(), f.code(), f.sheet(), f.row(), f.column(),
                        f.valueFound(), f.message(), f.hint(), sf.planCode(), sf.indicatorCode(), sf.fiscalYear());
                ps.addBatch();
                if (++pending == FINDING_BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    public void updateCounts(Connection c, long submissionId, int warnings, int rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("updateCounts"))) {
            Jdbc.bind(ps, warnings, rows, submissionId);
            ps.executeUpdate();
        }
    }

    /** Counts {@code more} findings into the submission's warning count, beside those counted already. */
    public void addWarnings(Connection c, long submissionId, int more) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("addWarnings"))) {
            Jdbc.bind(ps, more, submissionId);
            ps.executeUpdate();
        }
    }

    /** How many findings are stored for the submission. */
    public int countFindings(Connection c, long submissionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("countFindings"))) {
            ps.setLong(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
