package jp.reform.collector.intake;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.SearchTerm;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.MailBoxPostProcessAction;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which messages of the mailbox's folder the consumer takes: every unread one, whatever its age, and a read one
 * only when the server received it in the last {@code mail.imap.read-mail-days} days. Without the limit the first
 * poll after an upgrade from a version that read only unread mail, or on a mailbox people used before, would
 * process every old read mail the database does not know: years-old mail answered, old results loaded again
 * over newer corrections. Older read mail is left in the folder untouched (not processed, moved or answered).
 * <p>
 * The search goes to the server as one IMAP SEARCH ({@code OR UNSEEN SINCE d}). Its day follows the clock: the
 * poll strategy gives the endpoint a new search term before every poll (a term made once would keep the day
 * {@code serve} started on; Jakarta Mail's ReceivedDateTerm is final and keeps its date). After a poll the read
 * mail left alone is counted and logged when the count changes, not at every poll.
 */
public final class ReadMailWindow {

    private static final Logger LOG = LoggerFactory.getLogger(ReadMailWindow.class);

    private final int days;
    private final Clock clock;
    private final String folderName;
    /** The first day of the window of the current poll (read and written on the consumer's thread). */
    private volatile LocalDate since;
    private volatile int leftAloneLogged;

    public ReadMailWindow(int days, Clock clock, String folderName) {
        if (days < 0) {
            throw new IllegalArgumentException("mail.imap.read-mail-days must be 0 or more, not " + days);
        }
        this.days = days;
        this.clock = clock;
        this.folderName = folderName;
        this.since = firstDay();
    }

    /** The first day a read mail may have been received on to be collected (today minus the days). */
    LocalDate firstDay() {
        return LocalDate.now(clock).minusDays(days);
    }

    /** Unread mail, and read mail received on or after the window's first day. */
    public SearchTerm searchTerm() {
        return new OrTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false),
                new ReceivedDateTerm(ComparisonTerm.GE, date(since)));
    }

    /** Read mail received before the window's first day and not being moved away (deleted) by this poll. */
    SearchTerm leftAloneTerm() {
        return new AndTerm(new SearchTerm[] {new FlagTerm(new Flags(Flags.Flag.SEEN), true),
                new FlagTerm(new Flags(Flags.Flag.DELETED), false),
                new ReceivedDateTerm(ComparisonTerm.LT, date(since))});
    }

    /**
     * The day as a Date at its start in the JVM's zone: Angus Mail writes an IMAP SEARCH date (SINCE, BEFORE)
     * in the JVM's zone, so that day is the one sent even when the collector's zone differs.
     */
    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    /** The consumer's poll strategy: sets the endpoint's search for today before each poll; otherwise Camel's. */
    public PollingConsumerPollStrategy pollStrategy() {
        return new DefaultPollingConsumerPollStrategy() {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                since = firstDay();
                // MailConsumer reads the endpoint's search term at every poll; it replaces the unseen option
                ((MailEndpoint) endpoint).setSearchTerm(searchTerm());
                return super.begin(consumer, endpoint);
            }
        };
    }

    /** Run by the consumer after a poll that found messages in the folder: counts the read mail left alone. */
    public MailBoxPostProcessAction leftAloneCounter() {
        return this::countLeftAlone;
    }

    void countLeftAlone(Folder folder) {
        int count;
        try {
            count = folder.search(leftAloneTerm()).length;
        } catch (Exception e) {
            // only a count for the log: the poll's own work is done, and a mailbox fault shows at the next poll
            LOG.debug("Could not count the old read mail in {}: {}", folderName, e.toString());
            return;
        }
        if (count != leftAloneLogged && count > 0) {
            LOG.info("{} read mail(s) in {} received before {} left alone (mail.imap.read-mail-days={}): not "
                    + "collected, moved or answered. Mark one unread to have it collected", count, folderName, since,
                    days);
        }
        leftAloneLogged = count;
    }
}
