package jp.reform.collector.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * Whether an address from the master data (a 課's in departments.csv, a plan's admin_email) can be a recipient:
 * the loader's check lets through slips such as two addresses joined by 「;」 or 「,」 or a doubled dot, which
 * {@link MimeComposer} and the SMTP sender refuse. Asked before a mail is composed, so that one such address
 * costs its own mail and not the night's reminders or reports of everyone else.
 */
public final class MailAddresses {

    private MailAddresses() {
    }

    /** Why no mail can go to {@code address} (in English, for the log), or empty when it can. */
    public static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("no address");
        }
        try {
            // what the sender does with each recipient; strict, so that exactly one address with a domain parses
            InternetAddress parsed = new InternetAddress(address, true);
            if (parsed.getAddress() == null || !parsed.getAddress().contains("@")) {
                return Optional.of("no domain");
            }
            // mail is sent without SMTPUTF8: a full-width or IDN address would be garbled or refused by the
            // server (a name before it, 職員課<shokuin@…>, is encoded and may be Japanese)
            if (!parsed.getAddress().chars().allMatch(ch -> ch > 0x20 && ch < 0x7F)) {
                return Optional.of("not in ASCII letters");
            }
            return Optional.empty();
        } catch (AddressException e) {
            return Optional.of(e.getMessage() == null ? "not an address" : e.getMessage());
        }
    }

    public static boolean usable(String address) {
        return problem(address).isEmpty();
    }
}
