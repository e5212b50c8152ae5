package jp.reform.collector.notify;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;

/**
 * Sends over SMTP (plain, STARTTLS or SMTPS as configured). The stored bytes are sent as they are, without
 * {@code saveChanges()}, so that the Message-ID stays the one given at queueing time.
 */
public final class SmtpDelivery implements MailDelivery {

    private final MailSettings settings;
    private final Session session;

    public SmtpDelivery(MailSettings settings) {
        this.settings = settings;
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", settings.smtpHost());
        props.setProperty("mail.smtp.port", Integer.toString(settings.smtpPort()));
        // the "smtp" transport reads mail.smtp.* also with ssl.enable (SMTPS over the smtp protocol)
        props.putAll(settings.smtpTimeouts().sessionProperties("smtp"));
        props.setProperty("mail.smtp.auth", Boolean.toString(hasCredentials()));
        props.setProperty("mail.smtp.ssl.enable", Boolean.toString(settings.smtpSsl()));
        props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        if (settings.smtpStartTls()) {
            props.setProperty("mail.smtp.starttls.enable", "true");
            props.setProperty("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(props);
    }

    private boolean hasCredentials() {
        return settings.smtpUsername() != null && !settings.smtpUsername().isBlank();
    }

    @Override
    public String deliver(long mailId, String kind, byte[] mime, List<String> recipients) throws Exception {
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(mime));
        Address[] to = new Address[recipients.size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(recipients.get(i));
        }
        try (Transport transport = session.getTransport("smtp")) {
            if (hasCredentials()) {
                transport.connect(settings.smtpUsername(), settings.smtpPassword());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, to);
        } catch (SendFailedException e) {
            if (refusedForGood(e)) {
                throw new PermanentFailure("宛先が受け付けられませんでした: " + e.getMessage(), e);
            }
            throw e;
        }
        return "smtp " + settings.smtpHost() + ":" + settings.smtpPort();
    }

    /** A 5xx answer for a recipient is final; 4xx answers and connection problems may pass. */
    private static boolean refusedForGood(MessagingException e) {
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException failed && failed.getReturnCode() >= 500) {
                return true;
            }
        }
        return false;
    }
}
