package jp.reform.collector.intake;

import java.util.HashMap;
import java.util.Map;

import jakarta.mail.Message;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailBinding;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * The mailbox consumer's binding: the route gets the {@code jakarta.mail.Message} as it is (mapMailMessage
 * is off) and none of its headers are copied onto the Camel message. {@link MailIntake} reads the message
 * itself. Camel's own header mapping would parse From, To and the date the first time anything looks at
 * a header (the bean component does, and so does the error handler), through the server's IMAP ENVELOPE;
 * for a mail whose From cannot be parsed that fails on every look, before any step or error handler of
 * the route can deal with the mail, and the poll is repeated for ever.
 */
public final class RawMailBinding extends MailBinding {

    public RawMailBinding() {
        // the body is the message itself (mapMailMessage false), as the endpoint's own binding would make it
        super(new DefaultHeaderFilterStrategy(), null, false, false);
    }

    @Override
    protected Map<String, Object> extractHeadersFromMail(Message mailMessage, Exchange exchange) {
        return new HashMap<>();
    }
}
