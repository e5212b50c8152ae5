package jp.reform.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void escapesWhatCouldForgeALine() {
        assertThat(LogText.escape("報告\r\nERROR forged")).isEqualTo("報告\\u000d\\u000aERROR forged");
        assertThat(LogText.escape("a\\b")).isEqualTo("a\\\\b");
        assertThat(LogText.escape(null)).isEqualTo("(none)");
    }

    @Test
    void aCauseChainIsOneLine() {
        // Jakarta Mail spreads a nested exception over three lines in getMessage() and toString()
        MessagingException imap = new MessagingException("Read timed out", new SocketTimeoutException("Read timed out"));
        assertThat(imap.toString()).contains("\n");

        assertThat(LogText.cause(imap)).isEqualTo("MessagingException: Read timed out / SocketTimeoutException: Read timed out");
        assertThat(LogText.cause(new IllegalStateException("subject 報告\r\nBcc: x", new SQLException("down"))))
                .isEqualTo("IllegalStateException: subject 報告 / SQLException: down");
        assertThat(LogText.cause(new IllegalStateException("file \u202e報告.csv"))).doesNotContain("\u202e")
                .contains("\\u202e");
        assertThat(LogText.cause(new java.util.concurrent.CompletionException(new OutOfMemoryError())))
                .isEqualTo("OutOfMemoryError");
        assertThat(LogText.cause(new RuntimeException())).isEqualTo("RuntimeException");
        assertThat(LogText.cause(null)).isEqualTo("unknown error");
    }
}
