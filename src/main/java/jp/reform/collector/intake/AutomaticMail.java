package jp.reform.collector.intake;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a mail a program sent by itself (an out-of-office reply, a list's or a system's notice) by the headers
 * such programs write: RFC 3834's Auto-Submitted (any value but "no"), Precedence bulk, junk, list or
 * auto_reply, X-Autoreply, X-Autorespond, and Exchange's X-Auto-Response-Suppress naming All, OOF or AutoReply
 * (Exchange sets it on its own automatic replies). Answering such a mail may answer a program that answers
 * again: a loop of mail between two robots.
 */
final class AutomaticMail {

    private static final Set<String> AUTOMATIC_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply");
    private static final Set<String> SUPPRESSING = Set.of("all", "oof", "autoreply");

    private AutomaticMail() {
    }

    /** The header that shows the mail was sent by a program, as "name: value" for the log; empty for a person's. */
    static Optional<String> sign(Part message) throws MessagingException {
        String submitted = first(message, "Auto-Submitted");
        if (submitted != null && !token(submitted).equals("no")) {
            return shown("Auto-Submitted", submitted);
        }
        String precedence = first(message, "Precedence");
        if (precedence != null && AUTOMATIC_PRECEDENCE.contains(token(precedence))) {
            return shown("Precedence", precedence);
        }
        for (String name : new String[] {"X-Autoreply", "X-Autorespond"}) {
            String value = first(message, name);
            if (value != null) {
                return shown(name, value);
            }
        }
        String suppress = first(message, "X-Auto-Response-Suppress");
        if (suppress != null) {
            for (String part : suppress.split(",")) {
                if (SUPPRESSING.contains(part.strip().toLowerCase(Locale.ROOT))) {
                    return shown("X-Auto-Response-Suppress", suppress);
                }
            }
        }
        return Optional.empty();
    }

    private static String first(Part message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** The value's first word, lower case: "auto-replied; owner-email=…" is auto-replied. */
    private static String token(String value) {
        String word = value.strip().split("[;\\s(]", 2)[0];
        return word.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> shown(String name, String value) {
        return Optional.of(name + ": " + value.strip());
    }
}
