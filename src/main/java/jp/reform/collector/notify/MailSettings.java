package jp.reform.collector.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Mail settings (mail.* in application.properties). An empty IMAP host means no mailbox is polled; an
 * empty SMTP host means mail is written as .eml files under {@code outboxDir} instead of being sent.
 *
 * @param collectionAddress the mailbox address departments send their files to, shown in reminders
 * @param inboxShownToDepartments the shared folder as departments see it (e.g. \\fileserver\行革\inbox)
 * @param giveUpAfter how long a mail that may still pass (server down, 4xx) is retried after its first failed attempt
 */
public record MailSettings(String imapHost, int imapPort, String imapUsername, String imapPassword, boolean imapSsl,
                           String imapFolder, String smtpHost, int smtpPort, String smtpUsername, String smtpPassword,
                           boolean smtpSsl, boolean smtpStartTls, String from, String collectionAddress,
                           long maxAttachmentBytes, Duration retryInitial, Duration retryMax, Duration giveUpAfter,
                           Path outboxDir, String inboxShownToDepartments, boolean allClearReport,
                           Timeouts imapTimeouts, Timeouts smtpTimeouts) {

    /**
     * How long to wait for a mail server before giving up: to connect, and for each read or write on the
     * connection (Jakarta Mail's {@code connectiontimeout}, {@code timeout} and {@code writetimeout}).
     * Without them a server that accepts the connection and never answers holds the run for ever.
     */
    public record Timeouts(Duration connect, Duration readWrite) {

        public static final Timeouts IMAP_DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30));
        public static final Timeouts SMTP_DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(120));

        /** The session properties for {@code protocol} (imap, imaps, smtp, smtps). */
        public Properties sessionProperties(String protocol) {
            Properties props = new Properties();
            props.setProperty("mail." + protocol + ".connectiontimeout", Long.toString(connect.toMillis()));
            props.setProperty("mail." + protocol + ".timeout", Long.toString(readWrite.toMillis()));
            props.setProperty("mail." + protocol + ".writetimeout", Long.toString(readWrite.toMillis()));
            return props;
        }
    }

    /** Without timeouts: the defaults. */
    public MailSettings(String imapHost, int imapPort, String imapUsername, String imapPassword, boolean imapSsl,
                        String imapFolder, String smtpHost, int smtpPort, String smtpUsername, String smtpPassword,
                        boolean smtpSsl, boolean smtpStartTls, String from, String collectionAddress,
                        long maxAttachmentBytes, Duration retryInitial, Duration retryMax, Duration giveUpAfter,
                        Path outboxDir, String inboxShownToDepartments, boolean allClearReport) {
        this(imapHost, imapPort, imapUsername, imapPassword, imapSsl, imapFolder, smtpHost, smtpPort, smtpUsername,
                smtpPassword, smtpSsl, smtpStartTls, from, collectionAddress, maxAttachmentBytes, retryInitial, retryMax,
                giveUpAfter, outboxDir, inboxShownToDepartments, allClearReport, Timeouts.IMAP_DEFAULT,
                Timeouts.SMTP_DEFAULT);
    }

    public boolean mailboxEnabled() {
        return imapHost != null && !imapHost.isBlank();
    }

    public boolean smtpEnabled() {
        return smtpHost != null && !smtpHost.isBlank();
    }

    /** The delay before the next attempt after {@code attempts} failed ones: doubling, capped. */
    public Duration retryDelay(int attempts) {
        Duration delay = retryInitial;
        for (int i = 1; i < attempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }

    /**
     * Whether a mail whose {@code attempts} all failed for a reason that may pass has been retried long enough:
     * the delays between its attempts add up to {@link #giveUpAfter}. Each attempt waits at least its delay, so
     * the mail was tried over at least that span of real time since its first failure, however long the
     * collector itself was stopped before (a building's power cut takes the collector and the mail server
     * down together; the first failure after it starts the count, not the day the mail was queued).
     */
    public boolean retriedLongEnough(int attempts) {
        Duration retried = Duration.ZERO;
        for (int i = 1; i < attempts && retried.compareTo(giveUpAfter) < 0; i++) {
            Duration delay = retryDelay(i);
            if (delay.isZero()) {
                break; // retried at once (tests): as long as no time passes, the horizon is never reached
            }
            retried = retried.plus(delay);
        }
        return retried.compareTo(giveUpAfter) >= 0;
    }

    /** The domain for Message-IDs, taken from the sender address. */
    public String messageIdDomain() {
        int at = from.lastIndexOf('@');
        return at < 0 ? "reform-results-collector.invalid" : from.substring(at + 1);
    }

    /** Whether the shared folder's path as departments see it is configured (collector.inbox-shown-to-departments). */
    public boolean inboxShownToDepartmentsSet() {
        return inboxShownToDepartments != null && !inboxShownToDepartments.isBlank();
    }

    /**
     * The department's folder as its staff would open it, as words for a sentence (「共有フォルダ（…）」): the configured share path and the department's
     * name, joined with the separator that path uses (a Windows share keeps its backslashes); without a
     * configured path, the folder is named by the department alone rather than by a path of this server.
     */
    public String departmentFolder(String department) {
        if (!inboxShownToDepartmentsSet()) {
            return jp.reform.collector.domain.Messages.text("mail.department_folder_unnamed", department);
        }
        String root = inboxShownToDepartments.strip();
        char separator = root.indexOf('\\') >= 0 ? '\\' : '/';
        String path = root.charAt(root.length() - 1) == separator ? root + department : root + separator + department;
        return jp.reform.collector.domain.Messages.text("mail.department_folder", path);
    }

    /** Where a department's filled-in template goes, as the template names it. */
    public jp.reform.collector.template.SubmitTo submitTo() {
        return new jp.reform.collector.template.SubmitTo(this::departmentFolder,
                mailboxEnabled() ? collectionAddress() : null);
    }
}
