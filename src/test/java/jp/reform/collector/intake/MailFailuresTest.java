package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** Which failures leave a mail unread for the next poll, and which mark it unreadable. */
class MailFailuresTest {

    @Test
    void theDatabaseTheDiskAndTheMailServerAreOutsideTheMail() {
        assertThat(MailFailures.outsideTheMail(new SQLException("connection refused"))).isTrue();
        assertThat(MailFailures.outsideTheMail(new RuntimeCamelException(new SQLException("down")))).isTrue();
        assertThat(MailFailures.outsideTheMail(new IOException("No space left on device"))).isTrue();
        assertThat(MailFailures.outsideTheMail(new UncheckedIOException(new IOException("disk")))).isTrue();
        assertThat(MailFailures.outsideTheMail(new FolderClosedException(null, "connection lost"))).isTrue();
        assertThat(MailFailures.outsideTheMail(
                new MessagingException("Read timed out", new SocketTimeoutException("Read timed out")))).isTrue();
    }

    @Test
    void whatTheMailSaysIsTheMailsOwn() {
        UnreadableMailException sender = new UnreadableMailException("mail.unreadable.sender",
                new AddressException("Missing '>'", "a <b@c"));
        assertThat(MailFailures.outsideTheMail(sender)).isFalse();
        assertThat(MailFailures.outsideTheMail(new RuntimeCamelException(sender))).isFalse();
        assertThat(MailFailures.unreadable(new RuntimeCamelException(sender))).contains(sender);
        assertThat(sender.reason()).isEqualTo("差出人（From）を読み取れませんでした");
        // a reply or receipt that cannot be composed from what the mail says
        assertThat(MailFailures.outsideTheMail(new IllegalArgumentException("Cannot compose mail"))).isFalse();
        assertThat(MailFailures.outsideTheMail(new NullPointerException())).isFalse();
        assertThat(MailFailures.unreadable(new NullPointerException())).isEmpty();
    }

    @Test
    void aDataExceptionAnAttachmentCausedIsTheMailsOwnNotAnOutage() {
        // an attachment's content PostgreSQL refuses: trying the mail again would fail the same way for ever
        assertThat(MailFailures.outsideTheMail(new RuntimeCamelException(
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")))).isFalse();
        assertThat(MailFailures.outsideTheMail(new SQLException("too many columns", "54011"))).isFalse();
        // the database going away is not
        assertThat(MailFailures.outsideTheMail(new SQLException("connection refused", "08001"))).isTrue();
        assertThat(MailFailures.outsideTheMail(new SQLException("statement timeout", "57014"))).isTrue();
    }
}
