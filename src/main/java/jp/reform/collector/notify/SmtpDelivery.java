package jp.reform.collector.notify;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends over SMTP (plain, STARTTLS or SMTPS as configured). The stored bytes are sent as they are, without
 * {@code saveChanges()}, so that the Message-ID stays the one given at queueing time. A recipient the server
 * refuses does not hold the mail back from the others (sendpartial): the mail goes to those it accepts and the
 * refused ones are returned with the server's answer.
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
        // one refused address (a stale one in departments.csv) must not stop the mail to the others
        props.setProperty("mail.smtp.sendpartial", "true");
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
    public Delivered deliver(long mailId, String kind, byte[] mime, List<String> recipients) throws Exception {
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(mime));
        Address[] to = new Address[recipients.size()];
        for (int i = 0; i < to.length; i++) {
            try {
                to[i] = new InternetAddress(recipients.get(i));
            } catch (jakarta.mail.internet.AddressException e) {
                // no retry mends an address: failing for good now keeps it from holding back the mail behind it
                throw new PermanentFailure("宛先のメールアドレスが正しくないため送信できませんでした: " + recipients.get(i), e);
            }
        }
        String where = "smtp " + settings.smtpHost() + ":" + settings.smtpPort();
        try (Transport transport = session.getTransport("smtp")) {
            if (hasCredentials()) {
                transport.connect(settings.smtpUsername(), settings.smtpPassword());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, to);
        } catch (SendFailedException e) {
            List<Refused> refused = refused(e);
            if (e.getValidSentAddresses() != null && e.getValidSentAddresses().length > 0) {
                // sendpartial: the server took the mail for these; the others are reported, never sent again
                return new Delivered(where, refused.stream().map(Refused::refusal).toList());
            }
            if (refusedForGood(e, refused, recipients.size())) {
                throw new PermanentFailure(permanentText(e, refused), e);
            }
            throw e;
        }
        return Delivered.to(where);
    }

    /** A recipient the server refused at RCPT TO, with its reply code. */
    private record Refused(Refusal refusal, int code) {
    }

    /** The recipients refused at RCPT TO, from the chain of the exception (one SMTPAddressFailedException each). */
    private static List<Refused> refused(MessagingException e) {
        List<Refused> found = new ArrayList<>();
        Set<Exception> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Exception next = e; next != null && seen.add(next);
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException failed) {
                String address = failed.getAddress() != null ? failed.getAddress().getAddress() : "?";
                found.add(new Refused(new Refusal(address, answer(failed.getMessage(), failed.getReturnCode())),
                        failed.getReturnCode()));
            }
        }
        return found;
    }

    /**
     * Final only when every recipient was refused with a 5xx reply, or the server refused the message itself
     * with one (MAIL FROM, DATA: too large, content refused). A 4xx reply, a connection problem or a
     * timeout may pass, so the mail is tried again; so is a mail of which some recipient got a 4xx reply.
     */
    private static boolean refusedForGood(SendFailedException e, List<Refused> refused, int recipients) {
        if (!refused.isEmpty()) {
            return refused.size() >= recipients && refused.stream().allMatch(r -> r.code() >= 500);
        }
        return e instanceof SMTPSendFailedException s && s.getReturnCode() >= 500 && s.getReturnCode() < 600;
    }

    private static String permanentText(SendFailedException e, List<Refused> refused) {
        if (refused.isEmpty()) {
            SMTPSendFailedException s = (SMTPSendFailedException) e;
            return "メールが受け付けられませんでした: " + answer(s.getMessage(), s.getReturnCode());
        }
        return "宛先が受け付けられませんでした: " + text(refused.stream().map(Refused::refusal).toList());
    }

    /** 「a@x（550 5.1.1 User unknown）、b@y（…）」: the refused recipients as one line for last_error and the report. */
    public static String text(List<Refusal> refusals) {
        StringBuilder out = new StringBuilder();
        for (Refusal r : refusals) {
            if (!out.isEmpty()) {
                out.append("、");
            }
            out.append(r.address()).append("（").append(r.answer()).append("）");
        }
        return out.toString();
    }

    /** The server's reply on one line (a multi-line reply is joined), with its code when it lacks one. */
    private static String answer(String reply, int code) {
        String line = reply == null ? "" : reply.strip().replaceAll("[\\r\\n]+", " ");
        if (line.length() > 200) {
            line = line.substring(0, 200) + "…";
        }
        return line.startsWith(Integer.toString(code)) ? line : (code + " " + line).strip();
    }
}
