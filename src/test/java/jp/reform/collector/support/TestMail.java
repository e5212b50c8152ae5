package jp.reform.collector.support;

import java.nio.file.Path;
import java.time.Duration;
import jp.reform.collector.notify.MailSettings;

/** Mail settings for tests that build the parts by hand; the end-to-end tests use config and environment. */
public final class TestMail {

    public static final String FROM = "gyokaku-jisseki@city.example.jp";

    /** No mailbox, no SMTP server: mail goes to .eml files in {@code outbox}. */
    public static MailSettings offline(Path outbox) {
        return new MailSettings(null, 0, null, null, false, "INBOX", null, 0, null, null, false, false, FROM, FROM,
                10L * 1024 * 1024, Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(72), outbox,
                "\\\\fileserver\\行革実績", true);
    }

    /** Plain SMTP on localhost:port, retrying at once (so never giving up a mail that may still pass). */
    public static MailSettings smtp(int port, Path outbox) {
        return new MailSettings(null, 0, null, null, false, "INBOX", "127.0.0.1", port, null, null, false, false, FROM,
                FROM, 10L * 1024 * 1024, Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(72), outbox,
                "\\\\fileserver\\行革実績", true);
    }

    private TestMail() {
    }
}
