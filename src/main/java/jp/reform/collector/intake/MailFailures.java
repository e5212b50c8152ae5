package jp.reform.collector.intake;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import jakarta.mail.MessagingException;
import jp.reform.collector.store.Jdbc;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;

/** Tells a failure of the mail itself from one outside it, for the mailbox route. */
final class MailFailures {

    private MailFailures() {
    }

    /**
     * Outside the mail: the database, the disk or the connection to the mail server (an SQLException, an
     * IOException or a MessagingException anywhere in the chain that is not marked as the mail's own, and an
     * SQLException that is not a data exception a file's content caused), or
     * the application stopping. The mail is then left in the folder and tried again at the next poll. Inside:
     * everything else, above all an {@link UnreadableMailException} (a header or part that cannot be
     * parsed) and the runtime errors of composing a reply or receipt from what the mail says; trying such
     * a mail again would fail the same way for ever.
     */
    static boolean outsideTheMail(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof UnreadableMailException) {
                return false;
            }
            if (t instanceof SQLException sql && Jdbc.isCausedByData(sql)) {
                // what an attachment holds, not the database's health: tried again, it would fail (and answer
                // the attachments before it once more) at every poll
                return false;
            }
            if (t instanceof SQLException || t instanceof IOException || t instanceof MessagingException
                    || t instanceof InterruptedException || t instanceof RejectedExecutionException
                    || t instanceof DirectConsumerNotAvailableException) {
                return true;
            }
        }
        return false;
    }

    /** The mail's own failure in the chain, when it is one. */
    static Optional<UnreadableMailException> unreadable(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof UnreadableMailException u) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** The failure and its causes, outermost first (the cause of a MessagingException is its next exception). */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
