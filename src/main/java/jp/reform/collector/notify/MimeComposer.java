package jp.reform.collector.notify;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Turns an {@link OutgoingMail} into the bytes of a complete message, once, when it is queued: every
 * later attempt sends exactly these bytes, with the same Message-ID, so that a retry is recognisably the
 * same mail. UTF-8 throughout (ISO-2022-JP would lose ① and ㈱); attachment names are given both as
 * RFC 2231 parameters and as encoded words, which older Outlook versions read.
 */
public final class MimeComposer {

    private final MailSettings settings;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public MimeComposer(MailSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public byte[] compose(OutgoingMail mail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        composeTo(mail, out);
        return out.toByteArray();
    }

    /** The message written to a stream: attachments in files are read from disk as it is written. */
    public void composeTo(OutgoingMail mail, OutputStream out) {
        try {
            MimeMessage message = new FixedIdMessage(session,
                    "<" + UUID.randomUUID() + "@" + settings.messageIdDomain() + ">");
            message.setFrom(address(settings.from()));
            message.setRecipients(MimeMessage.RecipientType.TO, addresses(mail.to()));
            if (!mail.cc().isEmpty()) {
                message.setRecipients(MimeMessage.RecipientType.CC, addresses(mail.cc()));
            }
            message.setSubject(mail.subject(), "UTF-8");
            if (mail.inReplyTo() != null) {
                message.setHeader("In-Reply-To", mail.inReplyTo().messageId());
                message.setHeader("References", mail.inReplyTo().referencesHeader());
            }
            // RFC 3834: a program's mail, so that other programs (out-of-office replies, list servers) do not
            // answer it; auto-replied when it answers a department's mail, auto-generated otherwise
            message.setHeader("Auto-Submitted", mail.inReplyTo() != null ? "auto-replied" : "auto-generated");
            // Exchange does not send its out-of-office or automatic replies to mail that asks so; delivery
            // reports are still wanted
            message.setHeader("X-Auto-Response-Suppress", "OOF, AutoReply");
            message.setSentDate(Date.from(clock.instant()));
            if (mail.attachments().isEmpty()) {
                setBody(message, mail);
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart body = new MimeBodyPart();
                setBody(body, mail);
                mixed.addBodyPart(body);
                for (OutgoingMail.Attachment attachment : mail.attachments()) {
                    mixed.addBodyPart(attachmentPart(attachment));
                }
                message.setContent(mixed);
            }
            message.saveChanges();
            message.writeTo(out);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Cannot compose mail '" + mail.subject() + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setBody(jakarta.mail.internet.MimePart part, OutgoingMail mail) throws MessagingException {
        if (mail.html() == null) {
            part.setText(mail.text(), "UTF-8");
            return;
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        alternative.addBodyPart(html);
        part.setContent(alternative);
    }

    private static MimeBodyPart attachmentPart(OutgoingMail.Attachment attachment)
            throws MessagingException, IOException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(attachment.inFile()
                ? new TypedFileDataSource(attachment.file(), attachment.contentType())
                : new ByteArrayDataSource(attachment.content(), attachment.contentType())));
        part.setFileName(attachment.fileName());
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        String encodedName = MimeUtility.encodeText(attachment.fileName(), StandardCharsets.UTF_8.name(), "B");
        part.setHeader("Content-Type", attachment.contentType() + ";\r\n\tname=\"" + encodedName + "\"");
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    private static InternetAddress address(String text) throws MessagingException {
        InternetAddress address = InternetAddress.parse(text, true)[0];
        if (address.getPersonal() != null) {
            try {
                address.setPersonal(address.getPersonal(), StandardCharsets.UTF_8.name());
            } catch (java.io.UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }

    private static InternetAddress[] addresses(List<String> list) throws MessagingException {
        InternetAddress[] result = new InternetAddress[list.size()];
        for (int i = 0; i < list.size(); i++) {
            result[i] = address(list.get(i));
        }
        return result;
    }

    /** A file read as it is written into the message, with the content type given rather than guessed. */
    private static final class TypedFileDataSource extends FileDataSource {
        private final String contentType;

        TypedFileDataSource(Path file, String contentType) {
            super(file.toFile());
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
        }
    }

    /** Keeps the Message-ID chosen at queueing time instead of generating one on each save. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
