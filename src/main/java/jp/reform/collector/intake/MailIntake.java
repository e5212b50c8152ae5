package jp.reform.collector.intake;

import jakarta.mail.Address;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.notify.MailReplyNotice;
import jp.reform.collector.notify.MailThread;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.read.Extensions;
import jp.reform.collector.store.ClaimRepository;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.store.MailMessageRepository;
import jp.reform.collector.store.MailMessageRepository.MailRecord;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.mail.MailConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox channel. For each message: {@link #open} claims it (so that a second instance or a restart
 * does not process it twice), resolves the department from the sender, and saves the data attachments;
 * each saved file then goes through the same ingest path as a folder file and {@link #archive} files it
 * in the department's archive folder; {@link #close} records the message and queues the reply that
 * explains anything that could not be taken. Mail from an unknown address is recorded for the exception
 * report and never answered. A mail that fails for a reason inside it (a From header that cannot be
 * parsed, a part that cannot be decoded, a reply that cannot be composed) is recorded as unreadable by
 * {@link #unreadable} and reported, so that it is moved to the folder of processed mail and never tried again;
 * a failure outside it (database, disk, mail server) leaves it in the folder for the next poll ({@link #failed}). The files inside
 * Outlook's winmail.dat (TNEF) are taken as if attached directly ({@link #unpack}). At most mail.max-files
 * files are read from one mail, in its order; the sender is told in the one reply which were not.
 *
 * <p>Everything that came from the mail (its Message-ID, sender, subject, attachment names) is escaped
 * with {@link LogText#escape} before it reaches a log line.
 */
public final class MailIntake {

    private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);
    /**
     * Spreadsheets of a kind not read (Calc, binary Excel, Excel templates, Numbers, WPS, tab-separated): most
     * likely results too, so the sender is told how to save them instead. Every other attachment not read (a
     * covering PDF) is named too, so that nothing sent is dropped without a word; images embedded in the text
     * of the mail (a signature's logo) are the mail's text, not attachments.
     */
    private static final Set<String> OTHER_SPREADSHEETS =
            Set.of("ods", "fods", "xlsb", "xltx", "xltm", "xlt", "numbers", "et", "tsv");
    private static final String WINMAIL_DAT = "winmail.dat";
    /** Pictures inside a winmail.dat: the text's own pictures, as far as a reply is concerned (see #unpack). */
    private static final Set<String> PICTURES = Set.of("png", "jpg", "jpeg", "gif", "bmp", "emf", "wmf", "tif", "tiff");
    /** Most names of ignored files listed in a reply, so that it stays readable. */
    static final int MAX_LISTED_NAMES = 20;
    /**
     * Most attachment names kept in a mail's record: the exception report and the console show them, and a
     * mail of 50,000 parts would otherwise put 50,000 names in one row and one report.
     */
    static final int MAX_RECORDED_NAMES = 100;

    /** Set by {@link #open}: the key, the in-memory copy, the key once claimed, the staging folder, the department. */
    static final String KEY = "mailKey";
    static final String COPY = "mailCopy";
    static final String CLAIM = "mailClaim";
    static final String STAGING = "mailStaging";
    static final String DEPARTMENT = "mailDepartment";

    /**
     * Set on a mail left to another instance: true when every message of its poll was left so, and nothing of
     * the mailbox remains for this instance to process (run-once's sweep of the mailbox is then over).
     */
    public static final String POLL_ALL_LEFT = "mailPollAllLeft";

    private static final String SENDER_UNREADABLE = "mail.unreadable.sender";
    private static final String CONTENT_UNREADABLE = "mail.unreadable.content";
    private static final String OTHER_FAILURE = "mail.unreadable.other";
    /** Longest From header or subject kept for an unreadable mail: the report shows them, nothing else reads them. */
    private static final int MAX_HEADER_CHARS = 500;

    private final Database database;
    private final MasterData master;
    private final ClaimRepository claims;
    private final FolderRefusalRepository refusals;
    private final Outbox outbox;
    private final MailReplyNotice replies;
    private final Path staging;
    private final Path inbox;
    private final long maxAttachmentBytes;
    private final int maxFiles;
    private final Clock clock;
    private final MailMessageRepository messages = new MailMessageRepository();
    private final ReceivedFiles received;
    /** Messages of the current poll left to another instance so far (see {@link #open}). */
    private final AtomicInteger leftInPoll = new AtomicInteger();

    /**
     * @param maxFiles most files read from one mail (mail.max-files): Excel, CSV and ZIP files, attached
     *                 directly or inside a winmail.dat, counted together in the mail's order
     */
    public MailIntake(Database database, MasterData master, ClaimRepository claims, FolderRefusalRepository refusals,
                      Outbox outbox,
                      MailReplyNotice replies, Path staging, Path inbox, long maxAttachmentBytes, int maxFiles,
                      Clock clock) {
        this.database = database;
        this.master = master;
        this.claims = claims;
        this.refusals = refusals;
        this.outbox = outbox;
        this.replies = replies;
        this.staging = staging.toAbsolutePath();
        this.inbox = inbox.toAbsolutePath();
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
        this.received = new ReceivedFiles(database);
    }

    /**
     * Claims the message and saves its usable attachments; the batch says what to ingest. A message processed
     * before is skipped (and moved again); one another instance has claimed is left to it.
     *
     * @throws UnreadableMailException when the mail itself cannot be read: see {@link #unreadable}
     * @throws MailClaimedElsewhereException when another instance has claimed it: the message is rolled back,
     *                                       left in the folder untouched, and taken again at a later poll
     */
    public MailBatch open(Exchange exchange)
            throws UnreadableMailException, MessagingException, IOException, SQLException {
        int inPoll = exchange.getProperty(ExchangePropertyKey.BATCH_INDEX, 0, Integer.class);
        if (inPoll == 0) {
            leftInPoll.set(0);
        }
        Message received = exchange.getIn().getBody(Message.class);
        Instant serverReceived = serverReceived(received);
        MimeMessage message = copy(received);
        String key = storable(read(CONTENT_UNREADABLE, () -> messageKey(message)));
        try (Connection c = database.connect()) {
            Optional<MailMessageRepository.Recorded> recorded = messages.recorded(c, key);
            if (recorded.isPresent() && !sameSenderAndSubject(recorded.get(), message)) {
                // a mailer that gives every mail the same Message-ID (a scanner's, a broken one): this is another
                // mail, taken under a key of its content, or it would be skipped as processed without a word
                String own = storable(read(CONTENT_UNREADABLE, () -> contentKey(message)));
                LOG.warn("Mail from {} reuses the Message-ID {} of an earlier mail from {}; taken as {}",
                        LogText.escape(String.valueOf(safeSender(message))), LogText.escape(key),
                        LogText.escape(String.valueOf(recorded.get().fromAddress())), LogText.escape(own));
                key = own;
                recorded = messages.recorded(c, key);
            }
            exchange.setProperty(KEY, key);
            exchange.setProperty(COPY, message);
            if (recorded.isPresent()) {
                LOG.info("Mail {} was processed before; moved again, not processed", LogText.escape(key));
                return MailBatch.skipped(key, "already processed");
            }
        }
        if (!claims.add(key)) {
            LOG.info("Mail {} is being processed by another instance; left in the folder for it",
                    LogText.escape(key));
            // the poll's messages come one after another: all of them were left when the last one is the
            // poll's last and as many were left as came
            int left = leftInPoll.incrementAndGet();
            exchange.setProperty(POLL_ALL_LEFT, left == inPoll + 1
                    && exchange.getProperty(ExchangePropertyKey.BATCH_COMPLETE, false, Boolean.class));
            throw new MailClaimedElsewhereException(LogText.escape(key));
        }
        exchange.setProperty(CLAIM, key);
        String sender = storable(read(SENDER_UNREADABLE, () -> sender(message)));
        // a subject in raw ISO-2022-JP (an old Japanese mailer's, without RFC 2047) is decoded, not $B<B@S…
        String subject = storable(MimeParameters.fromRawJis(read(CONTENT_UNREADABLE, message::getSubject)));
        MailThread thread = read(CONTENT_UNREADABLE, () -> MailThread.of(storable(message.getHeader("Message-ID", " ")),
                storable(message.getHeader("References", " ")), subject));
        // when the mail server received it (a nightly run-once takes the evening's mail after midnight), never later
        // than now (a server clock ahead)
        Instant now = clock.instant();
        Instant receivedAt = serverReceived != null && serverReceived.isBefore(now) ? serverReceived : now;
        Optional<Department> department = master.departmentBySender(sender);
        department.ifPresent(d -> exchange.setProperty(DEPARTMENT, d.name()));
        List<String> names = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<IncomingFile> files = new ArrayList<>();
        Path folder = staging.resolve(UUID.randomUUID().toString());
        exchange.setProperty(STAGING, folder);
        List<NamedPart> attachments = read(CONTENT_UNREADABLE, () -> namedParts(message));
        attachments.forEach(a -> names.add(a.name()));
        if (department.isEmpty()) {
            LOG.warn("Mail {} from unregistered address {} ({} attachment(s)) not processed; it will be reported",
                    LogText.escape(key), LogText.escape(sender), names.size());
        } else {
            List<String> ignored = new ArrayList<>();
            // pictures of the mail's text among them: named only when nothing else of the mail was taken
            Set<String> inText = new java.util.HashSet<>();
            // past maxFiles nothing more is read: each file read costs a submission and a receipt mail, and
            // a forged From could otherwise turn one mail into thousands of mails to a 課
            List<String> notRead = new ArrayList<>();
            int counted = 0;
            for (int place = 0; place < attachments.size(); place++) {
                NamedPart attachment = attachments.get(place);
                List<NamedPart> taken = List.of(attachment);
                if (attachment.tnef()) {
                    if (counted >= maxFiles) {
                        notRead.add(attachment.name());
                        continue;
                    }
                    Optional<List<NamedPart>> inside = unpack(key, attachment, problems);
                    if (inside.isEmpty()) {
                        counted++; // answered as one file that could not be opened
                        continue;
                    }
                    taken = inside.get();
                    taken.forEach(inner -> names.add(inner.name()));
                }
                for (int inner = 0; inner < taken.size(); inner++) {
                    NamedPart file = taken.get(inner);
                    if (!isRead(file.name())) {
                        ignored.add(file.name());
                        if (file.embedded() || isBodyFragment(file.name())) {
                            inText.add(file.name());
                        }
                        continue;
                    }
                    if (counted >= maxFiles) {
                        notRead.add(file.name());
                        continue;
                    }
                    counted++;
                    // bounded in bytes: 100 kanji are 300, past ext4's 255, and the disk's refusal would
                    // leave the mail in the folder and tried again at every poll
                    String staged = files.size() + "_" + ArchiveNames.safe(file.name(), ArchiveNames.MAX_BYTES);
                    // its place in the mail: the same attachment of this mail taken again is known as received
                    String source = SourceKeys.mail(key, attachment.tnef() ? place + "." + inner : String.valueOf(place));
                    take(file, new IncomingFile(folder.resolve(staged), file.name(), "mail", department.get().name(),
                            receivedAt, sender, thread, null, source), files, problems);
                }
            }
            Optional<String> automatic = read(CONTENT_UNREADABLE, () -> AutomaticMail.sign(message));
            if (automatic.isPresent() && counted == 0) {
                // an out-of-office reply to a reminder or receipt: answering it could start a loop of mail
                // between two programs, and it is nothing the division need follow up. Recorded with nothing
                // to report; one that brought a data file is processed (its receipt goes to a person's mail)
                LOG.info("Mail {} from {} is an automatic reply ({}) without a data file; recorded, not answered",
                        LogText.escape(key), LogText.escape(sender), LogText.escape(automatic.get()));
                return new MailBatch(key, receivedAt, sender, subject, department.get().name(), files, List.of(),
                        recorded(names), folder, null, new ArrayList<>(), thread);
            }
            if (!notRead.isEmpty()) {
                LOG.warn("Mail {} from {}: {} more file(s) past the {} read from one mail (mail.max-files) not read: {}",
                        LogText.escape(key), LogText.escape(sender), notRead.size(), maxFiles,
                        LogText.escape(logged(notRead)));
                problems.add(Messages.text("mail.reply.too_many_files", maxFiles, listed(notRead)));
            }
            if (files.isEmpty() && problems.isEmpty()) {
                problems.add(ignored.isEmpty() ? Messages.text("mail.reply.no_attachment")
                        : Messages.text("mail.reply.unsupported_attachments", listed(ignored)));
            } else {
                List<String> spreadsheets = ignored.stream()
                        .filter(name -> OTHER_SPREADSHEETS.contains(Extensions.of(name))).toList();
                if (!spreadsheets.isEmpty()) {
                    problems.add(Messages.text("mail.reply.unsupported_spreadsheets", listed(spreadsheets)));
                }
                List<String> others = ignored.stream()
                        .filter(name -> !OTHER_SPREADSHEETS.contains(Extensions.of(name)) && !inText.contains(name))
                        .toList();
                if (!others.isEmpty()) {
                    problems.add(Messages.text("mail.reply.not_results", listed(others)));
                }
            }
        }
        return new MailBatch(key, receivedAt, sender, subject, department.map(Department::name).orElse(null),
                files, problems, recorded(names), folder, null, new ArrayList<>(), thread);
    }

    /**
     * Before ingest: whether this attachment of this mail was received before an interruption (a crash, an
     * outage) left the mail in the folder, before it was recorded and answered. Its outcome is then set as
     * {@link ReceivedFiles#PROPERTY}: it is archived with the receipt it was answered with, not received again,
     * and the mail goes on with the attachments not received yet.
     */
    public void receivedBefore(Exchange exchange) throws SQLException {
        IncomingFile incoming = exchange.getProperty("incomingFile", IncomingFile.class);
        Optional<ReceivedFiles.Earlier> earlier = received.find(incoming);
        if (earlier.isPresent()) {
            IngestOutcome outcome = earlier.get().outcome();
            LOG.info("Mailed file {} of {} was received as {} before an interruption: archived now, not received again",
                    LogText.escape(incoming.originalName()), LogText.escape(exchange.getProperty(KEY, String.class)),
                    outcome.receiptNo());
            exchange.setProperty(ReceivedFiles.PROPERTY, outcome);
        }
    }

    /**
     * After ingest: the attachment joins the department's archive with its receipt beside it. One that cannot
     * be archived (a full disk, a folder without write permission) has been received and its receipt queued
     * in the same transaction: failing the mail would leave it in the folder, fail every run and receive the file
     * again at every poll. It is recorded for the exception report instead; the file stays in the mail,
     * which the mailbox keeps.
     */
    public void archive(Exchange exchange) throws SQLException {
        IngestOutcome outcome = exchange.getIn().getBody(IngestOutcome.class);
        IncomingFile incoming = exchange.getProperty("incomingFile", IncomingFile.class);
        MailBatch batch = exchange.getProperty("mailBatch", MailBatch.class);
        try {
            ReceiptFiles.moveIn(inbox, incoming, outcome);
        } catch (IOException | RuntimeException e) {
            LOG.error("Mailed file {} of {} was received as {} but could not be archived: {}",
                    LogText.escape(incoming.originalName()), LogText.escape(batch.messageKey()), outcome.receiptNo(),
                    LogText.escape(e.toString(), 1000));
            refusals.recordLeft(ReceiptFiles.unarchived(incoming, Messages.text("mail.unarchived_suffix"), outcome,
                    "mail " + batch.messageKey() + ": " + e));
        }
        batch.outcomes().add(outcome);
    }

    /**
     * Records the message, queues the reply if something could not be taken, releases the claim. The record's
     * problems (what the reply said) also put the mail in the next exception report.
     */
    public void close(Exchange exchange) throws SQLException, IOException {
        MailBatch batch = exchange.getIn().getBody(MailBatch.class);
        if (batch.skipped()) {
            return;
        }
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                String outcome = !batch.fromKnownSender() ? "unknown_sender"
                        : batch.files().isEmpty() ? "no_usable_attachment" : "processed";
                messages.insert(c, new MailRecord(batch.messageKey(), batch.receivedAt(), batch.sender(),
                        batch.subject(), batch.department(), outcome, batch.attachmentNames(), batch.problems()));
                if (batch.fromKnownSender() && !batch.problems().isEmpty()) {
                    outbox.queue(c, replies.mail(batch.messageKey(), batch.sender(), batch.department(),
                            batch.subject(), batch.receivedAt().atZone(clock.getZone()), batch.problems(),
                            batch.files().stream().map(IncomingFile::originalName).toList(),
                            master.planOf(batch.department()).map(PlanMaster::plan).orElse(null),
                            batch.thread()));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        release(exchange);
        deleteStaging(exchange);
    }

    /**
     * After a failure in the route. One caused by the mail itself is recorded (outcome unreadable, with
     * what could not be read) for the next exception report, and the message is let go: Camel then moves
     * it to the folder of processed mail, and its key keeps it from being processed again even if it is put
     * back. Any other failure is thrown on, so that the message stays in the folder for the next poll
     * ({@link #failed}); so is a
     * failure to record it (the database is down).
     */
    public void unreadable(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure == null) {
            throw new IllegalStateException("The mail route failed without an exception");
        }
        if (failure instanceof MailClaimedElsewhereException) {
            throw failure; // not this mail's failure: left to the instance that claimed it
        }
        String key = exchange.getProperty(KEY, String.class);
        if (key == null) {
            // not even a copy could be made: the consumer's own key (Message-ID or a hash of the headers)
            key = storable(exchange.getProperty(MailConsumer.MAIL_MESSAGE_UID, String.class));
        }
        if (key == null || MailFailures.outsideTheMail(failure)) {
            throw failure;
        }
        Part message = exchange.getProperty(COPY, MimeMessage.class);
        if (message == null) {
            message = exchange.getIn().getBody(Message.class);
        }
        MailBatch batch = exchange.getProperty("mailBatch", MailBatch.class);
        String from = header(message, "From");
        String subject = subject(message);
        List<String> names = batch != null ? batch.attachmentNames() : attachmentNames(message);
        Optional<UnreadableMailException> unreadable = MailFailures.unreadable(failure);
        String reason = unreadable.map(UnreadableMailException::reason).orElseGet(() -> Messages.text(OTHER_FAILURE))
                + "（" + LogText.cause(unreadable.<Throwable>map(Throwable::getCause).orElse(failure)) + "）";
        boolean recorded;
        try (Connection c = database.connect()) {
            recorded = messages.insert(c, new MailRecord(key, clock.instant(), from, subject,
                    exchange.getProperty(DEPARTMENT, String.class), "unreadable", names, List.of(), reason));
        }
        release(exchange);
        deleteStaging(exchange);
        if (recorded) {
            LOG.warn("Mail {} from {} (subject {}) could not be read and is moved to the processed mail; recorded "
                            + "for the exception report: {}", LogText.escape(key), LogText.escape(from), LogText.escape(subject),
                    LogText.cause(failure));
        } else {
            // put back into the folder read: recorded (and reported) the first time
            LOG.info("Mail {} could not be read and was recorded before; moved again", LogText.escape(key));
        }
    }

    /** The message stays in the folder read, untouched, and is tried again at the next poll. */
    public void failed(Exchange exchange) {
        release(exchange);
        deleteStaging(exchange);
    }

    private void release(Exchange exchange) {
        String claimed = exchange.removeProperty(CLAIM) instanceof String key ? key : null;
        if (claimed == null) {
            return;
        }
        try {
            claims.remove(claimed);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the claim on mail {}: {} (it expires by itself)", LogText.escape(claimed),
                    LogText.cause(e));
        }
    }

    /** A header as written (encoded words decoded where they can be), on one line and cut; null when absent. */
    private static String header(Part message, String name) {
        try {
            String[] values = message == null ? null : message.getHeader(name);
            if (values == null || values.length == 0) {
                return null;
            }
            String raw = MimeUtility.unfold(values[0]);
            String text;
            try {
                text = MimeUtility.decodeText(raw);
            } catch (UnsupportedEncodingException e) {
                text = raw;
            }
            return cut(text);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String subject(Part message) {
        try {
            return message instanceof MimeMessage mime ? cut(MimeParameters.fromRawJis(mime.getSubject())) : null;
        } catch (MessagingException | RuntimeException e) {
            return header(message, "Subject");
        }
    }

    private static List<String> attachmentNames(Part message) {
        try {
            return message == null ? List.of() : recorded(namedParts(message).stream().map(NamedPart::name).toList());
        } catch (MessagingException | IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String cut(String text) {
        String stored = storable(text);
        return stored == null || stored.length() <= MAX_HEADER_CHARS ? stored
                : stored.substring(0, MAX_HEADER_CHARS) + "…";
    }

    /**
     * What a mail says, as the database can keep it: PostgreSQL text holds no NUL, which a decoded subject (an
     * encoded word of =00) or a raw header can carry; every statement storing it would fail, at every poll.
     * Shown as �, as a NUL in a cell is in a receipt.
     */
    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    /**
     * An in-memory copy: the IMAP folder may be closed before the last step reads a part, and every later
     * failure to read is then the mail's own. A fetch that breaks off (connection lost) is not.
     */
    /** The IMAP INTERNALDATE: when the server received the mail; null when it does not say (not lost on a copy). */
    private static Instant serverReceived(Message received) {
        try {
            java.util.Date date = received.getReceivedDate();
            return date == null ? null : date.toInstant();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static MimeMessage copy(Message received) throws MessagingException, UnreadableMailException {
        try {
            return new MimeMessage((MimeMessage) received);
        } catch (MessagingException e) {
            if (MailFailures.outsideTheMail(e.getNextException()) || e instanceof FolderClosedException
                    || e instanceof StoreClosedException) {
                throw e;
            }
            throw new UnreadableMailException(CONTENT_UNREADABLE, e);
        } catch (RuntimeException e) {
            throw new UnreadableMailException(CONTENT_UNREADABLE, e);
        }
    }

    /** Reads from the in-memory copy: whatever fails here is the mail's own failure. */
    private interface MailRead<T> {
        T get() throws MessagingException, IOException;
    }

    private static <T> T read(String reasonKey, MailRead<T> read) throws UnreadableMailException {
        try {
            return read.get();
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new UnreadableMailException(reasonKey, e);
        }
    }

    /**
     * An attachment with its decoded, path-safe name, and where its bytes come from: the mail part, or
     * the inside of a winmail.dat. A TNEF container ({@code tnef}) is unpacked, not taken.
     */
    private record NamedPart(String name, Content content, boolean tnef, boolean embedded) {
    }

    /** Opens the bytes of an attachment. */
    private interface Content {
        InputStream open() throws MessagingException, IOException;
    }

    /**
     * Parts inside parts (multipart, forwarded mails) deeper than this make the mail unreadable: no mail
     * client nests a few dozen levels, and walking thousands of them would overflow the stack and stop the
     * mailbox's whole sweep at every poll.
     */
    static final int MAX_NESTING = 32;

    /** Every named part, also inside forwarded mails (message/rfc822); body texts have no name. */
    private static List<NamedPart> namedParts(Part part) throws MessagingException, IOException {
        return namedParts(part, 0);
    }

    private static List<NamedPart> namedParts(Part part, int depth) throws MessagingException, IOException {
        if (depth > MAX_NESTING) {
            throw new IOException("parts nested deeper than " + MAX_NESTING + " levels");
        }
        List<NamedPart> found = new ArrayList<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                found.addAll(namedParts(multipart.getBodyPart(i), depth + 1));
            }
        } else if (part.isMimeType("message/rfc822")) {
            found.addAll(namedParts((Part) part.getContent(), depth + 1));
        } else {
            Optional<String> name = AttachmentNames.of(part);
            String type = part.getContentType() == null ? null
                    : part.getContentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            boolean tnef = TnefFiles.isTnef(type, name.orElse(null));
            if (name.isPresent() || tnef) {
                // Outlook names its TNEF part winmail.dat; a gateway may drop the name and keep the type
                found.add(new NamedPart(AttachmentNames.safeFileName(name.orElse(WINMAIL_DAT)), part::getInputStream,
                        tnef, embedded(part)));
            }
        }
        return found;
    }

    /**
     * Whether a part is shown in the text of the mail rather than attached: inline, with a Content-ID the HTML
     * text refers to (Outlook's signature logo, a pasted screenshot). The sender never saw it as a file.
     */
    private static boolean embedded(Part part) throws MessagingException {
        String disposition;
        try {
            disposition = part.getDisposition();
        } catch (jakarta.mail.internet.ParseException e) {
            return false; // a garbled disposition: treated as an attachment, and named if not read
        }
        String[] id = part.getHeader("Content-ID");
        return Part.INLINE.equalsIgnoreCase(disposition) && id != null && id.length > 0;
    }

    /**
     * The files inside a winmail.dat, to be taken as if attached directly (and counted as such against
     * mail.max-files). The container is read only when it is within {@link #maxTnefBytes} (refused by size
     * before it is parsed); one that is not TNEF, or damaged, gives a problem asking for an ordinary
     * attachment and is empty: nothing of it is taken then.
     */
    private Optional<List<NamedPart>> unpack(String key, NamedPart container, List<String> problems)
            throws UnreadableMailException, IOException {
        long limit = maxTnefBytes();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long size = copyLimited(container.content(), bytes, limit);
        if (size > limit) {
            LOG.info("Mail {}: {} (TNEF) is {} bytes, over {}; not read", LogText.escape(key),
                    LogText.escape(container.name()), size, limit);
            problems.add(Messages.text("mail.reply.tnef_too_large", container.name(), megabytes(size),
                    megabytes(limit)));
            return Optional.empty();
        }
        List<TnefFiles.InnerFile> inside;
        try {
            inside = TnefFiles.read(bytes.toByteArray());
        } catch (TnefFiles.UnreadableTnefException e) {
            LOG.warn("Mail {}: {} could not be read as TNEF: {}", LogText.escape(key), LogText.escape(container.name()),
                    LogText.cause(e));
            problems.add(Messages.text("mail.reply.tnef_unreadable", container.name()));
            return Optional.empty();
        }
        List<NamedPart> files = new ArrayList<>();
        for (TnefFiles.InnerFile inner : inside) {
            if (inner.name() == null && inner.content() == null) {
                continue; // an embedded Outlook item: no file
            }
            byte[] content = inner.content() == null ? new byte[0] : inner.content();
            String name = AttachmentNames.safeFileName(inner.name());
            // a rich-text mail carries the pictures of its text (the signature's logo) as attachments of its
            // winmail.dat, which cannot be told here from attached ones: taken for the text, not named
            files.add(new NamedPart(name, () -> new ByteArrayInputStream(content), false,
                    PICTURES.contains(Extensions.of(name))));
        }
        LOG.info("Mail {}: {} (TNEF) holds {} file(s): {}", LogText.escape(key), LogText.escape(container.name()),
                files.size(), LogText.escape(logged(files.stream().map(NamedPart::name).toList())));
        return Optional.of(files);
    }

    /** Names joined for a reply: the first {@value #MAX_LISTED_NAMES}, then how many more. */
    private static String listed(List<String> names) {
        if (names.size() <= MAX_LISTED_NAMES) {
            return String.join("、", names);
        }
        return Messages.text("mail.reply.more_names", String.join("、", names.subList(0, MAX_LISTED_NAMES)),
                names.size() - MAX_LISTED_NAMES);
    }

    /** Names for a log line: as many as a reply lists, then how many more. */
    private static String logged(List<String> names) {
        return names.size() <= MAX_LISTED_NAMES ? names.toString()
                : names.subList(0, MAX_LISTED_NAMES) + " and " + (names.size() - MAX_LISTED_NAMES) + " more";
    }

    /**
     * The names kept in a mail's record: the first {@value #MAX_RECORDED_NAMES}, then one entry that counts
     * the rest (「ほか N 件」), so that the record says the mail held more.
     */
    static List<String> recorded(List<String> names) {
        if (names.size() <= MAX_RECORDED_NAMES) {
            return names;
        }
        List<String> kept = new ArrayList<>(names.subList(0, MAX_RECORDED_NAMES));
        kept.add(Messages.text("mail.record.more_names", names.size() - MAX_RECORDED_NAMES));
        return kept;
    }

    /**
     * A winmail.dat holds every attachment of the mail, not one: it may be up to twice the limit of one
     * file, so that a file at the limit and a smaller one still arrive (each is then held to the limit
     * of one file). Beyond that it is not read at all.
     */
    private long maxTnefBytes() {
        return 2 * maxAttachmentBytes;
    }

    /**
     * Whether a file of the mail is read: a data file, or a ZIP (opened only to say why it is refused).
     * Other files (signature images, PDFs of the same report …) are only noted.
     */
    private static boolean isRead(String name) {
        // the folder's and the upload's own decision (Excel's Unicode text included), not a list of the mail's
        return !isBodyFragment(name) && (Extensions.isRead(name) || "zip".equals(Extensions.of(name)));
    }

    private static final java.util.regex.Pattern BODY_FRAGMENT =
            java.util.regex.Pattern.compile("ATT\\d{5}\\.(txt|htm)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Exchange's ATT00001.txt (or .htm): the text a sender typed below an attachment, which Exchange cuts off into
     * a file of its own. It is the mail's text, not a file the sender attached: neither read nor named.
     */
    private static boolean isBodyFragment(String name) {
        return BODY_FRAGMENT.matcher(name).matches();
    }

    /** Saves a file that {@link #isRead} to be ingested as {@code target}, or says in {@code problems} why it cannot be. */
    private void take(NamedPart attachment, IncomingFile target, List<IncomingFile> files, List<String> problems)
            throws UnreadableMailException, IOException {
        String name = attachment.name();
        boolean dataFile = Extensions.isRead(name);
        Path saved = target.file();
        Files.createDirectories(saved.getParent());
        long size;
        try (OutputStream out = Files.newOutputStream(saved)) {
            size = copyLimited(attachment.content(), out, maxAttachmentBytes);
        }
        if (size > maxAttachmentBytes) {
            Files.deleteIfExists(saved);
            problems.add(Messages.text("mail.reply.too_large", name, megabytes(size), megabytes(maxAttachmentBytes)));
            return;
        }
        ProtectedFiles.Protection protection = ProtectedFiles.check(saved);
        if (protection == ProtectedFiles.Protection.ENCRYPTED_ZIP) {
            Files.deleteIfExists(saved);
            problems.add(Messages.text("mail.reply.encrypted_zip", name));
        } else if (protection == ProtectedFiles.Protection.PASSWORD_PROTECTED_EXCEL) {
            Files.deleteIfExists(saved);
            problems.add(Messages.text("mail.reply.password_excel", name));
        } else if (!dataFile) {
            Files.deleteIfExists(saved);
            problems.add(Messages.text("mail.reply.zip", name));
        } else {
            files.add(target);
        }
    }

    /**
     * Copies at most {@code limit} bytes and returns the whole size. Failures to read are the mail's (it is
     * in memory); failures to write are the disk's.
     */
    private static long copyLimited(Content content, OutputStream out, long limit)
            throws UnreadableMailException, IOException {
        long total = 0;
        try (InputStream in = read(CONTENT_UNREADABLE, content::open)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = read(CONTENT_UNREADABLE, () -> in.read(buffer))) > 0) {
                total += n;
                if (total > limit) {
                    // keep counting without keeping the bytes, to tell the sender the real size
                    continue;
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /** The Message-ID, or for a message without one a hash of its content. */
    static String messageKey(MimeMessage message) throws MessagingException, IOException {
        String id = message.getMessageID();
        if (id != null && !id.isBlank()) {
            return id.strip();
        }
        return contentKey(message);
    }

    /**
     * Whether a mail is the one recorded under its Message-ID (delivered again, or put back into the folder): the
     * same sender and subject. A header that cannot be read counts as the same, as before this check.
     */
    private static boolean sameSenderAndSubject(MailMessageRepository.Recorded recorded, MimeMessage message) {
        try {
            String subject = storable(MimeParameters.fromRawJis(message.getSubject()));
            return java.util.Objects.equals(recorded.fromAddress(), storable(sender(message)))
                    && java.util.Objects.equals(recorded.subject(), subject);
        } catch (MessagingException | RuntimeException e) {
            return true;
        }
    }

    private static String safeSender(MimeMessage message) {
        try {
            return sender(message);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** A hash of the whole message: the key of a mail without a Message-ID of its own. */
    static String contentKey(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sender(MimeMessage message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)) {
            return null;
        }
        return address.getAddress() == null ? null : address.getAddress().strip().toLowerCase(Locale.ROOT);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1024.0 / 1024.0);
    }

    /** The message's staging folder, also when {@link #open} failed half-way through saving its attachments. */
    private void deleteStaging(Exchange exchange) {
        Path folder = exchange.removeProperty(STAGING) instanceof Path p ? p : null;
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", folder, LogText.cause(e));
        }
    }
}
