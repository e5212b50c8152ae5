package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Closed rounds (締切) and the changes held while they are closed (V16, sql/rounds.sql). Every method runs in
 * the caller's transaction; deciding a change is a conditional update, so that it is decided once whoever
 * clicks and on whichever instance.
 */
public final class PendingChanges {

    private static final SqlStatements SQL = SqlStatements.load("/sql/rounds.sql");

    /** Who closed a round and when. */
    public record Closure(Instant closedAt, String closedBy) {
    }

    /** A held file and where it stands. */
    public record Held(long submissionId, String receiptNo, String department, String sourceName, String channel,
                       Instant receivedAt, String state, String decidedBy, Instant decidedAt, String reason) {
    }

    /** What a held file needs for its decision. */
    public record HeldFile(long submissionId, String receiptNo, String channel, String sourceName,
                           String department, String sha256, Instant receivedAt, int rows,
                           List<String> receiptRecipients) {
    }

    /**
     * A row of a held file that differs from what is stored (current → new); current is null for a new result.
     *
     * @param currentReceiptNo the file the current value came from (null for a new result)
     * @param currentLater     whether that file was received after the held one: accepting puts an older value back
     * @param currentReportedBy of a shared indicator, the other 課 (current name) whose report the current value is;
     *                         null where it is the held file's 課's own or there is none
     * @param total            how many rows of the files asked for differ, also those not returned
     */
    public record Difference(long submissionId, String planCode, String indicatorCode, String indicatorName,
                             int fiscalYear, String currentText, String newText, String currentStatus,
                             String newStatus, boolean newResult, String currentReceiptNo, boolean currentLater,
                             String currentReportedBy, int total) {
    }

    /**
     * A held file's rows whose current value another 課 reported (a shared indicator) and differs from its own:
     * accepting it replaces that 課's report.
     *
     * @param department the other 課, by current name
     * @param indicators the first five indicator codes
     */
    public record OtherReport(String department, int rows, List<String> indicators) {
    }

    /**
     * A held file's rows whose current value came from a file received after it, and differs from its own.
     *
     * @param files      how many files those values came from
     * @param receiptNos the first five of them
     */
    public record Later(int rows, int files, List<String> receiptNos) {
    }

    /**
     * The newest of the results a held file has rows for: the file it came from and, when that was a held file,
     * who accepted it and when (else null).
     */
    public record Newest(Instant recordedAt, String receiptNo, String department, String acceptedBy,
                         Instant acceptedAt) {
    }

    /** A round of a plan, as held files name them. */
    public record Round(String planCode, int fiscalYear) {
    }

    /** Every closed round. */
    public java.util.Set<Round> closedRounds(Connection c) throws SQLException {
        java.util.Set<Round> closed = new java.util.HashSet<>();
        try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL.get("closedRounds"))) {
            while (rs.next()) {
                closed.add(new Round(rs.getString("plan_code"), rs.getInt("fiscal_year")));
            }
        }
        return closed;
    }

    public Optional<Closure> closure(Connection c, String planCode, int fiscalYear) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("closure"))) {
            Jdbc.bind(ps, planCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Closure(rs.getTimestamp(1).toInstant(), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /** @return false when the round was closed already */
    public boolean close(Connection c, String planCode, int fiscalYear, String closedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("closeRound"))) {
            Jdbc.bind(ps, planCode, fiscalYear, closedBy);
            return ps.executeUpdate() == 1;
        }
    }

    /** @return the closure ended, empty when the round was not closed */
    public Optional<Closure> reopen(Connection c, String planCode, int fiscalYear) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("reopenRound"))) {
            Jdbc.bind(ps, planCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Closure(rs.getTimestamp(1).toInstant(), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Decides a held change if it is still pending.
     *
     * @param state accepted or declined
     * @return false when it was decided already (by another click, here or on another instance)
     */
    public boolean claim(Connection c, long submissionId, String state, String decidedBy, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("claimPending"))) {
            Jdbc.bind(ps, state, decidedBy, reason, submissionId);
            return ps.executeUpdate() == 1;
        }
    }

    /** The state of a held change (pending, accepted, declined) with who decided it; empty if there is none. */
    public Optional<Held> state(Connection c, long submissionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("pendingState"))) {
            ps.setLong(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Held(submissionId, rs.getString("receipt_no"), null, null, null, null,
                        rs.getString("state"), rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")),
                        null));
            }
        }
    }

    public Optional<HeldFile> heldFile(Connection c, long submissionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("heldSubmission"))) {
            ps.setLong(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HeldFile(rs.getLong("submission_id"), rs.getString("receipt_no"),
                        rs.getString("channel"), rs.getString("source_name"), rs.getString("department_name"),
                        rs.getString("sha256"), rs.getTimestamp("received_at").toInstant(), rs.getInt("row_count"),
                        Jdbc.strings(rs.getArray("receipt_recipients"))));
            }
        }
    }

    /** A file of the same content held and not decided yet. */
    public Optional<SubmissionRepository.Accepted> findHeld(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("findHeld"))) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SubmissionRepository.Accepted(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)))
                        : Optional.empty();
            }
        }
    }

    /** The submission's status after the decision: accepted, declined or duplicate (of {@code duplicateOf}). */
    public void settle(Connection c, long submissionId, String status, Long duplicateOf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("settleSubmission"))) {
            Jdbc.bind(ps, status, duplicateOf, submissionId);
            ps.executeUpdate();
        }
    }

    /** The plans of a held file's rows, in the order load locks are taken. */
    public List<String> plans(Connection c, long submissionId) throws SQLException {
        List<String> plans = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("pendingPlans"))) {
            ps.setLong(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plans.add(rs.getString(1));
                }
            }
        }
        return plans;
    }

    /** The plans and years a held file's rows are in. */
    public List<Round> rounds(Connection c, long submissionId) throws SQLException {
        List<Round> rounds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("pendingRounds"))) {
            ps.setLong(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rounds.add(new Round(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        return rounds;
    }

    /** Held files with rows in a round, oldest first, in the given states. */
    public List<Held> ofRound(Connection c, String planCode, int fiscalYear, List<String> states) throws SQLException {
        List<Held> held = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("pendingOfRound"))) {
            ps.setString(1, planCode);
            ps.setInt(2, fiscalYear);
            ps.setArray(3, c.createArrayOf("text", states.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(held(rs));
                }
            }
        }
        return held;
    }

    private static Held held(ResultSet rs) throws SQLException {
        return new Held(rs.getLong("submission_id"), rs.getString("receipt_no"), rs.getString("department_name"),
                rs.getString("source_name"), rs.getString("channel"), rs.getTimestamp("received_at").toInstant(),
                rs.getString("state"), rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")),
                rs.getString("reason"));
    }

    /** A page of decided held files, and how many there are in all. */
    public record DecidedPage(List<Held> rows, int total) {
    }

    /** Decided held files with rows in a round, the latest decision first: {@code limit} from {@code offset}. */
    public DecidedPage decidedOfRound(Connection c, String planCode, int fiscalYear, int offset, int limit)
            throws SQLException {
        List<Held> held = new ArrayList<>();
        int total = 0;
        try (PreparedStatement ps = c.prepareStatement(SQL.get("decidedOfRound"))) {
            Jdbc.bind(ps, planCode, fiscalYear, offset, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(held(rs));
                    total = rs.getInt("total");
                }
            }
        }
        if (held.isEmpty() && offset > 0) {
            // past the last page: the window counted nothing, so count on their own
            total = decidedOfRound(c, planCode, fiscalYear, 0, 1).total();
        }
        return new DecidedPage(held, total);
    }

    /** What held files would change against the current results, in file order, at most {@code limit} rows. */
    public List<Difference> differences(Connection c, List<Long> submissionIds, int limit) throws SQLException {
        List<Difference> differences = new ArrayList<>();
        if (submissionIds.isEmpty()) {
            return differences;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("pendingDifferences"))) {
            ps.setArray(1, c.createArrayOf("bigint", submissionIds.toArray()));
            ps.setInt(2, limit);
            ps.setFetchSize(ResultStaging.FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    differences.add(new Difference(rs.getLong("submission_id"), rs.getString("plan_code"),
                            rs.getString("indicator_code"), rs.getString("indicator_name"), rs.getInt("fiscal_year"),
                            rs.getString("current_text"), rs.getString("new_text"), rs.getString("current_status"),
                            rs.getString("new_status"), rs.getBoolean("is_new"), rs.getString("current_receipt_no"),
                            rs.getBoolean("current_later"), rs.getString("current_reported_by"),
                            rs.getInt("total")));
                }
            }
        }
        return differences;
    }

    /**
     * What a page shows of the results each held file has rows for: how many versions they have in all (0 for a
     * file with none). It only grows, with each file loaded or held file accepted that changes one of them; a
     * page's number differing from this says they changed after it was shown.
     */
    public Map<Long, Long> resultVersions(Connection c, List<Long> submissionIds) throws SQLException {
        Map<Long, Long> versions = new LinkedHashMap<>();
        submissionIds.forEach(id -> versions.put(id, 0L));
        if (submissionIds.isEmpty()) {
            return versions;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("heldResultVersions"))) {
            ps.setArray(1, c.createArrayOf("bigint", submissionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getLong("submission_id"), rs.getLong("versions"));
                }
            }
        }
        return versions;
    }

    /** The newest of the results a held file has rows for; empty when none is stored. */
    public Optional<Newest> newestResult(Connection c, long submissionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("newestHeldKeyResult"))) {
            ps.setLong(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Newest(rs.getTimestamp("recorded_at").toInstant(),
                        rs.getString("receipt_no"), rs.getString("department_name"), rs.getString("decided_by"),
                        instant(rs.getTimestamp("decided_at")))) : Optional.empty();
            }
        }
    }

    /** Per held file, the other 課 whose reports of shared indicators accepting it would replace; none: left out. */
    public Map<Long, List<OtherReport>> otherReportsReplaced(Connection c, List<Long> submissionIds)
            throws SQLException {
        Map<Long, List<OtherReport>> others = new HashMap<>();
        if (submissionIds.isEmpty()) {
            return others;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("otherReportsReplaced"))) {
            ps.setArray(1, c.createArrayOf("bigint", submissionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    others.computeIfAbsent(rs.getLong("submission_id"), id -> new ArrayList<>())
                            .add(new OtherReport(rs.getString("reported_by"), rs.getInt("rows"),
                                    Jdbc.strings(rs.getArray("indicators"))));
                }
            }
        }
        return others;
    }

    /** Per held file, its rows whose current value came from a file received after it; files with none left out. */
    public Map<Long, Later> laterResults(Connection c, List<Long> submissionIds) throws SQLException {
        Map<Long, Later> later = new HashMap<>();
        if (submissionIds.isEmpty()) {
            return later;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("laterResults"))) {
            ps.setArray(1, c.createArrayOf("bigint", submissionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    later.put(rs.getLong("submission_id"), new Later(rs.getInt("rows"), rs.getInt("files"),
                            Jdbc.strings(rs.getArray("receipts"))));
                }
            }
        }
        return later;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
