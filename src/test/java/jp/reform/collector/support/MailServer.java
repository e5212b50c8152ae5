package jp.reform.collector.support;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real SMTP and IMAP server (GreenMail, on free ports of 127.0.0.1) with the collection mailbox, and the
 * settings that point the collector at it, given as environment variables as an operator would.
 */
public final class MailServer implements AutoCloseable {

    public static final String MAILBOX = "jisseki@city.example.jp";
    public static final String PASSWORD = "secret-pw";

    private GreenMail greenMail;

    /** Recipients the SMTP server refuses at RCPT TO, with its answer (kept across stop and start). */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    /** Free ports chosen once, kept across stop and start (the collector under test keeps its settings). */
    private final int smtpPort = FreePorts.next();
    private final int imapPort = FreePorts.next();

    public MailServer() {
        start();
    }

    public void start() {
        greenMail = new NoDelayGreenMail(refused, new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        greenMail.setUser(MAILBOX, MAILBOX, PASSWORD);
    }

    /**
     * From now on the SMTP server answers RCPT TO of this address with {@code answer} (e.g. 「550 5.1.1 User
     * unknown」 for a mailbox that no longer exists, 「452 4.2.2 Mailbox full」 for one that may take mail later),
     * as a real server does; the other recipients of the same mail are accepted.
     */
    public void refuse(String address, String answer) {
        refused.put(address.toLowerCase(Locale.ROOT), answer);
    }

    /** Stops the servers, as when the mail server is down ({@link #start} brings up an empty one). */
    public void stop() {
        greenMail.stop();
    }

    /** The mail.* settings as environment variables (MAIL_IMAP_HOST …). */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("MAIL_IMAP_HOST", "127.0.0.1");
        env.put("MAIL_IMAP_PORT", Integer.toString(imapPort));
        env.put("MAIL_IMAP_SSL", "false");
        env.put("MAIL_IMAP_USERNAME", MAILBOX);
        env.put("MAIL_IMAP_PASSWORD", PASSWORD);
        env.put("MAIL_SMTP_HOST", "127.0.0.1");
        env.put("MAIL_SMTP_PORT", Integer.toString(smtpPort));
        env.put("MAIL_FROM", "行政経営課 <" + MAILBOX + ">");
        env.put("MAIL_SEND_RETRY_INITIAL_SECONDS", "0");
        return env;
    }

    /** An attachment with its name as RFC 2047 encoded words in the given charset, as Japanese mailers write. */
    public record Attachment(String name, String charsetOfName, String contentType, byte[] content) {
    }

    /** Puts a message into the collection mailbox, as if a department had sent it. */
    public void deposit(String messageId, String from, String subject, String text, Attachment... attachments)
            throws Exception {
        greenMail.getUserManager().getUserByEmail(MAILBOX).deliver(message(messageId, from, subject, text, attachments));
    }

    /**
     * Puts a message into the collection mailbox as the server received it at {@code received} (its IMAP
     * INTERNALDATE), read or not, as a mailbox people have used for a while holds.
     */
    public void depositReceived(Instant received, boolean read, String messageId, String from, String subject,
                                String text, Attachment... attachments) throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getUserManager().getUserByEmail(MAILBOX));
        inbox.appendMessage(message(messageId, from, subject, text, attachments),
                read ? new Flags(Flags.Flag.SEEN) : new Flags(), Date.from(received));
    }

    private static MimeMessage message(String messageId, String from, String subject, String text,
                                       Attachment... attachments) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        message.setSubject(subject, "UTF-8");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, "UTF-8");
        mixed.addBodyPart(body);
        for (Attachment a : attachments) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
            String charsetLabel = a.charsetOfName();
            Charset encoder = Charset.forName(charsetLabel.equalsIgnoreCase("ISO-2022-JP") ? "x-windows-iso2022jp"
                    : charsetLabel);
            String encoded = "=?" + charsetLabel + "?B?"
                    + Base64.getEncoder().encodeToString(a.name().getBytes(encoder)) + "?=";
            part.setHeader("Content-Type", a.contentType() + "; name=\"" + encoded + "\"");
            part.setHeader("Content-Disposition", "attachment; filename=\"" + encoded + "\"");
            part.setHeader("Content-Transfer-Encoding", "base64");
            mixed.addBodyPart(part);
        }
        message.setContent(mixed);
        message.saveChanges();
        message.setHeader("Message-ID", messageId);
        return message;
    }

    /**
     * Puts a message into the collection mailbox exactly as written (CRLF line ends, one char per byte), so
     * that a test can send what no well-behaved client would: a broken From header, raw 8-bit bytes.
     */
    public void depositRaw(String raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        greenMail.getUserManager().getUserByEmail(MAILBOX).deliver(message);
    }

    /** Messages the collector sent that arrived in the mailbox of an address (as To or Cc). */
    /** The last mail to the address whose subject holds {@code subjectText}; the test fails when there is none. */
    public MimeMessage lastTo(String address, String subjectText) throws Exception {
        MimeMessage found = null;
        for (MimeMessage m : mailsTo(address)) {
            if (m.getSubject() != null && m.getSubject().contains(subjectText)) {
                found = m;
            }
        }
        if (found == null) {
            throw new AssertionError("no mail to " + address + " whose subject holds 「" + subjectText + "」");
        }
        return found;
    }

    public List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : greenMail.findReceivedMessages(u -> u.getEmail().equalsIgnoreCase(address), m -> true)
                .toList()) {
            Address[] from = m.getFrom();
            if (from != null && from.length > 0 && ((InternetAddress) from[0]).getAddress().equals(MAILBOX)) {
                found.add(m);
            }
        }
        return found;
    }

    /** Every message the SMTP server delivered to the mailbox of an address, whoever sent it. */
    public List<MimeMessage> receivedBy(String address) {
        return greenMail.findReceivedMessages(u -> u.getEmail().equalsIgnoreCase(address), m -> true).toList();
    }

    /** The SMTP port, for settings built by hand. */
    public int smtpPort() {
        return smtpPort;
    }

    /** Every message sent by the collector (everything received but the deposits). */
    public List<MimeMessage> sent() throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            Address[] from = m.getFrom();
            if (from != null && from.length > 0 && ((InternetAddress) from[0]).getAddress().equals(MAILBOX)) {
                found.add(m);
            }
        }
        return found;
    }

    /** The folder the collector moves processed mail to, by default. */
    public static final String PROCESSED = "取込済み";

    /**
     * Puts every processed message back into the collection mailbox's inbox and marks each there unread again,
     * as a person can in a mail client (dragging them back from 取込済み).
     */
    public void markAllUnread() throws Exception {
        Store store = connect();
        try {
            Folder inbox = store.getFolder("INBOX");
            Folder processed = store.getFolder(PROCESSED);
            if (processed.exists()) {
                processed.open(Folder.READ_WRITE);
                Message[] all = processed.getMessages();
                processed.copyMessages(all, inbox);
                for (Message m : all) {
                    m.setFlag(Flags.Flag.DELETED, true);
                }
                processed.close(true);
            }
            inbox.open(Folder.READ_WRITE);
            for (Message m : inbox.getMessages()) {
                m.setFlag(Flags.Flag.SEEN, false);
            }
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    /** Marks every message in the collection mailbox's inbox read, as a person who opens them in Outlook does. */
    public void markAllRead() throws Exception {
        Store store = connect();
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message m : inbox.getMessages()) {
                m.setFlag(Flags.Flag.SEEN, true);
            }
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    /** How many messages a folder of the collection mailbox holds, read or not (none when it does not exist). */
    public int messagesIn(String folderName) throws Exception {
        Store store = connect();
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return 0;
            }
            folder.open(Folder.READ_ONLY);
            int count = 0;
            for (Message m : folder.getMessages()) {
                if (!m.isSet(Flags.Flag.DELETED)) {
                    count++;
                }
            }
            folder.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    /** The Message-IDs of the messages a folder of the collection mailbox holds (none when it does not exist). */
    public List<String> messageIdsIn(String folderName) throws Exception {
        Store store = connect();
        try {
            Folder folder = store.getFolder(folderName);
            List<String> ids = new ArrayList<>();
            if (!folder.exists()) {
                return ids;
            }
            folder.open(Folder.READ_ONLY);
            for (Message m : folder.getMessages()) {
                if (!m.isSet(Flags.Flag.DELETED)) {
                    ids.add(((MimeMessage) m).getMessageID());
                }
            }
            folder.close(false);
            return ids;
        } finally {
            store.close();
        }
    }

    /** The names of the collection mailbox's folders, as a mail client lists them. */
    public List<String> folders() throws Exception {
        Store store = connect();
        try {
            List<String> names = new ArrayList<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                names.add(f.getFullName());
            }
            return names;
        } finally {
            store.close();
        }
    }

    private Store connect() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", imapPort, MAILBOX, PASSWORD);
        return store;
    }

    /** How many messages in the collection mailbox are still unread. */
    public int unreadInMailbox() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", imapPort, MAILBOX, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int unread = inbox.getUnreadMessageCount();
            inbox.close(false);
            return unread;
        } finally {
            store.close();
        }
    }

    /** The text of a message: its plain-text part, decoded. */
    public static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = text(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    /** The HTML part of a message, decoded; null when it has none. */
    public static String html(Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String html = html(multipart.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
        }
        return null;
    }

    /** The attachments of a message by their (decoded) file names. */
    public static Map<String, byte[]> attachments(Part part) throws Exception {
        Map<String, byte[]> found = new HashMap<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
                    found.put(jakarta.mail.internet.MimeUtility.decodeText(child.getFileName()),
                            child.getInputStream().readAllBytes());
                } else {
                    found.putAll(attachments(child));
                }
            }
        }
        return found;
    }

    public static byte[] windows31j(String text) {
        return text.getBytes(Charset.forName("windows-31j"));
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /**
     * GreenMail with TCP_NODELAY on every connection it accepts. GreenMail writes an answer in several small
     * pieces, so with Nagle's algorithm the last piece waits for the client's delayed ACK (40 ms) at every
     * command: an IMAP client fetches a message in 16 KB pieces, and a 3.5 MB message took 10 s instead of
     * 0.6 s. A real mail server answers without that stall; nothing else of GreenMail changes.
     */
    private static final class NoDelayGreenMail extends GreenMail {

        private final Map<String, String> refused;

        NoDelayGreenMail(Map<String, String> refused, ServerSetup[] setups) {
            super(setups);
            this.refused = refused;
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
            Map<String, AbstractServer> services = super.createServices(setups, managers);
            for (ServerSetup setup : setups) {
                if (setup.getProtocol().equals(ServerSetup.PROTOCOL_SMTP)) {
                    // GreenMail accepts every recipient; this manager refuses those a test names
                    SmtpManager refusing = new SmtpManager(managers.getImapHostManager(), managers.getUserManager()) {
                        @Override
                        public String checkRecipient(SmtpState state, MailAddress rcpt) {
                            return refused.get(rcpt.getEmail().toLowerCase(Locale.ROOT));
                        }
                    };
                    services.put(setup.getProtocol(), new SmtpServer(setup, managers) {
                        @Override
                        protected ProtocolHandler createProtocolHandler(Socket socket) {
                            return new SmtpHandler(new SmtpCommandRegistry(), refusing, noDelay(socket));
                        }
                    });
                } else if (setup.getProtocol().equals(ServerSetup.PROTOCOL_IMAP)) {
                    // GreenMail's ImapServer is final: the same handler, on a server of our own
                    services.put(setup.getProtocol(), new AbstractServer(setup, managers) {
                        @Override
                        protected ProtocolHandler createProtocolHandler(Socket socket) {
                            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(),
                                    noDelay(socket));
                        }
                    });
                }
            }
            return services;
        }

        private static Socket noDelay(Socket socket) {
            try {
                socket.setTcpNoDelay(true);
                return socket;
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
