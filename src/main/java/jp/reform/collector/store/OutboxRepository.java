package jp.reform.collector.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outbox table: e-mail is queued inside the caller's transaction and claimed for sending one at a
 * time with {@code FOR UPDATE SKIP LOCKED}, so that several instances never send the same mail.
 */
public final class OutboxRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/outbox.sql");

    /**
     * A mail ready to be queued; {@code dedupKey} makes a second queueing of the same mail a no-op. The composed
     * message is either {@code mime} or the file {@code mimeFile} (a mail with workbooks attached), which is
     * streamed into the row rather than read into memory.
     */
    public record QueuedMail(String kind, String dedupKey, List<String> to, List<String> cc, String subject,
                             byte[] mime, Path mimeFile, Long submissionId) {
    }

    /** A mail claimed by this instance for one delivery attempt. */
    public record ClaimedMail(long id, String kind, List<String> to, List<String> cc, String subject, byte[] mime,
                              int attempts, String dedupKey) {
    }

    /**
     * A mail that could not be delivered and has not been reported yet.
     *
     * @param status failed, unconfirmed, or partial (sent, some recipients refused: {@code lastError} names them)
     * @param addresses its recipients (To and Cc), which tell whose plan's business it is
     */
    public record Undelivered(long id, Instant createdAt, String kind, String recipients, String subject,
                              int attempts, String lastError, String status, List<String> addresses) {
    }

    /** @return false when a mail with the same key was queued before (nothing is added) */
    public boolean queue(Connection c, QueuedMail mail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("queue"))) {
            Jdbc.bind(ps, mail.kind(), mail.dedupKey(), mail.to().toArray(String[]::new),
                    mail.cc().toArray(String[]::new), mail.subject(), mail.mime(), mail.submissionId());
            if (mail.mimeFile() == null) {
                return ps.executeUpdate() == 1;
            }
            long length = Files.size(mail.mimeFile());
            if (length > Integer.MAX_VALUE) {
                throw new SQLException("Mail too large to queue: " + length + " bytes");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(mail.mimeFile()))) {
                ps.setBinaryStream(6, in, (int) length); // PgJDBC sends a stream of known length as it reads it
                return ps.executeUpdate() == 1;
            }
        } catch (IOException e) {
            throw new SQLException("Cannot read the composed mail " + mail.mimeFile() + ": " + e.getMessage(), e);
        }
    }

    public boolean exists(Connection c, String dedupKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("exists"))) {
            ps.setString(1, dedupKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Those of {@code keys} that were queued before, in one query. */
    public Set<String> queuedKeys(Connection c, Collection<String> keys) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("queuedKeys"))) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** Claims the oldest due mail (committed at once by an auto-commit connection). */
    public Optional<ClaimedMail> claimDue(Connection c, String instance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("claimDue"))) {
            ps.setString(1, instance);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ClaimedMail(rs.getLong(1), rs.getString(2), Jdbc.strings(rs.getArray(3)),
                        Jdbc.strings(rs.getArray(4)), rs.getString(5), rs.getBytes(6), rs.getInt(7), rs.getString(8)));
            }
        }
    }

    /** @param refused the recipients the server refused while taking the mail for the others, or null */
    public void markSent(Connection c, long id, String deliveredAs, String refused) throws SQLException {
        update(c, "markSent", deliveredAs, refused, id);
    }

    public void markRetry(Connection c, long id, String error, Duration delay) throws SQLException {
        update(c, "markRetry", error, (double) delay.toSeconds(), id);
    }

    public void markWithdrawn(Connection c, long id, String reason) throws SQLException {
        update(c, "markWithdrawn", reason, id);
    }

    /** A round a queued reminder asks for. */
    public record ReminderRound(String planCode, int fiscalYear) {
    }

    /** The rounds a queued reminder asks for; none for one queued before V26 recorded them. */
    public List<ReminderRound> reminderRounds(Connection c, long mailId) throws SQLException {
        List<ReminderRound> rounds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("reminderRounds"))) {
            ps.setLong(1, mailId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rounds.add(new ReminderRound(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        return rounds;
    }

    public void markFailed(Connection c, long id, String error) throws SQLException {
        update(c, "markFailed", error, id);
    }

    /** Mail claimed longer ago than {@code after} by a process that is gone becomes 'unconfirmed'. */
    /** Mail not sent yet, due or waiting for its next attempt. */
    public int waiting(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("waiting")); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public int markAbandoned(Connection c, Duration after) throws SQLException {
        return update(c, "markAbandoned", (double) after.toSeconds());
    }

    public List<Undelivered> undeliveredToReport(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("undeliveredToReport"))) {
            return undelivered(ps);
        }
    }

    /** Mail failed or not known to have been sent, the newest first, at most {@code limit}. */
    public List<Undelivered> undelivered(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("undelivered"))) {
            ps.setInt(1, limit);
            return undelivered(ps);
        }
    }

    private static List<Undelivered> undelivered(PreparedStatement ps) throws SQLException {
        List<Undelivered> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new Undelivered(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8),
                        Jdbc.strings(rs.getArray(9))));
            }
        }
        return found;
    }

    /**
     * Queues failed mail again (outbox retry): those of {@code ids} when given, else every one queued since
     * {@code since}; unconfirmed mail too when {@code unconfirmed} (it may have arrived: only when asked for).
     * Each is tried afresh: attempts from 0, reported again if it fails again.
     *
     * @return the mails queued, as they were (their last error, attempts and status before)
     */
    public List<Undelivered> requeue(Connection c, List<Long> ids, Instant since, boolean unconfirmed)
            throws SQLException {
        List<Undelivered> queued = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("requeue"))) {
            java.sql.Array idArray = ids == null ? null : c.createArrayOf("bigint", ids.toArray());
            java.sql.Timestamp from = since == null ? null : java.sql.Timestamp.from(since);
            ps.setBoolean(1, unconfirmed);
            ps.setArray(2, idArray);
            ps.setArray(3, idArray);
            ps.setTimestamp(4, from);
            ps.setTimestamp(5, from);
            queued.addAll(undelivered(ps));
        }
        queued.sort(java.util.Comparator.comparingLong(Undelivered::id));
        return queued;
    }

    /** The status of each of these mails that exists, by id. */
    public java.util.Map<Long, String> statusOf(Connection c, List<Long> ids) throws SQLException {
        java.util.Map<Long, String> found = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("statusOf"))) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return found;
    }

    public void markReported(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("markReported"))) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    private static int update(Connection c, String statement, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(ps, params);
            return ps.executeUpdate();
        }
    }
}
