package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Messages read from the collection mailbox: each is recorded once, whatever became of it. */
public final class MailMessageRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/mail.sql");

    /**
     * A processed message. outcome: processed, unknown_sender, no_usable_attachment, unreadable.
     *
     * @param fromAddress the sender's address; for an unreadable message the From header as written
     * @param error       why an unreadable message could not be read, on one line; null otherwise
     */
    public record MailRecord(String messageKey, Instant receivedAt, String fromAddress, String subject,
                             String department, String outcome, List<String> attachmentNames, List<String> problems,
                             String error) {

        public MailRecord(String messageKey, Instant receivedAt, String fromAddress, String subject, String department,
                          String outcome, List<String> attachmentNames, List<String> problems) {
            this(messageKey, receivedAt, fromAddress, subject, department, outcome, attachmentNames, problems, null);
        }
    }

    /** Mail from an address no department lists, not yet shown in an exception report. */
    public record UnknownSender(String messageKey, Instant receivedAt, String fromAddress, String subject,
                                List<String> attachmentNames) {
    }

    /** A message that could not be read, not yet shown in an exception report. */
    public record Unreadable(String messageKey, Instant receivedAt, String fromHeader, String subject,
                             List<String> attachmentNames, String error) {
    }

    /**
     * Mail from a registered 課 whose attachments were not all taken, not yet shown in an exception report.
     *
     * @param problems what the reply told the sender
     */
    public record NotTaken(String messageKey, Instant receivedAt, String department, String fromAddress,
                           String subject, List<String> attachmentNames, List<String> problems) {
    }

    /** The sender and subject of the mail recorded under a key, as recorded (either may be null). */
    public record Recorded(String fromAddress, String subject) {
    }

    public java.util.Optional<Recorded> recorded(Connection c, String messageKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("recorded"))) {
            ps.setString(1, messageKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new Recorded(rs.getString("from_address"),
                        rs.getString("subject"))) : java.util.Optional.empty();
            }
        }
    }

    public boolean insert(Connection c, MailRecord m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("insert"))) {
            Jdbc.bind(ps, m.messageKey(), m.receivedAt(), m.fromAddress(), m.subject(), m.department(), m.outcome(),
                    m.attachmentNames().toArray(String[]::new), m.problems().toArray(String[]::new), m.error());
            return ps.executeUpdate() == 1;
        }
    }

    public List<UnknownSender> unknownSendersToReport(Connection c) throws SQLException {
        return Jdbc.list(c, SQL.get("unknownSendersToReport"), rs -> new UnknownSender(rs.getString(1),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), Jdbc.strings(rs.getArray(5))));
    }

    public List<Unreadable> unreadableToReport(Connection c) throws SQLException {
        return Jdbc.list(c, SQL.get("unreadableToReport"), rs -> new Unreadable(rs.getString(1),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), Jdbc.strings(rs.getArray(5)),
                rs.getString(6)));
    }

    public List<NotTaken> notTakenToReport(Connection c) throws SQLException {
        return Jdbc.list(c, SQL.get("notTakenToReport"), rs -> new NotTaken(rs.getString(1),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                Jdbc.strings(rs.getArray(6)), Jdbc.strings(rs.getArray(7))));
    }

    public void markReported(Connection c, List<String> messageKeys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("markReported"))) {
            ps.setArray(1, c.createArrayOf("text", messageKeys.toArray()));
            ps.executeUpdate();
        }
    }
}
