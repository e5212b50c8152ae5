package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.SearchTerm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.junit.jupiter.api.Test;

/** The mailbox search each poll makes: unread mail, and read mail of the last days as of that poll's day. */
class ReadMailWindowTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void eachPollSearchesForUnreadMailOrMailReceivedSinceTheDayThatManyDaysBeforeItsOwnDay() {
        // 05:00 in Tokyo on 1 December, still 30 November in UTC
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T20:00:00Z"));
        ReadMailWindow window = new ReadMailWindow(7, clock(now), "INBOX");
        MailEndpoint endpoint = new MailEndpoint("imap://localhost", new MailComponent(), new MailConfiguration());
        PollingConsumerPollStrategy polls = window.pollStrategy();

        assertThat(polls.begin(null, endpoint)).isTrue();
        assertThat(sinceDay(endpoint.getSearchTerm())).isEqualTo(LocalDate.of(2026, 11, 24));

        // serve has been running for 40 days: the search of today's poll moved on with the clock
        now.set(now.get().plus(Duration.ofDays(40)));
        polls.begin(null, endpoint);
        assertThat(sinceDay(endpoint.getSearchTerm())).isEqualTo(LocalDate.of(2027, 1, 3));
    }

    /** The day of the search's ReceivedDateTerm (IMAP SINCE), after checking the term is OR UNSEEN SINCE day. */
    private static LocalDate sinceDay(SearchTerm term) {
        assertThat(term).isInstanceOf(OrTerm.class);
        SearchTerm[] terms = ((OrTerm) term).getTerms();
        assertThat(terms).hasSize(2);
        assertThat(terms[0]).isEqualTo(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        ReceivedDateTerm received = (ReceivedDateTerm) terms[1];
        assertThat(received.getComparison()).isEqualTo(ComparisonTerm.GE);
        // Angus Mail writes the day of the date in the JVM's zone
        return LocalDate.ofInstant(received.getDate().toInstant(), ZoneId.systemDefault());
    }

    private static Clock clock(AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public ZoneId getZone() {
                return TOKYO;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }
}
