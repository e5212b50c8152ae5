package jp.reform.collector.notify;

import java.util.List;

/** Hands one composed message to its destination: an SMTP server, or a folder of .eml files. */
public interface MailDelivery {

    /**
     * @return where it went and the recipients the server refused while taking it for the others
     * @throws PermanentFailure when trying again cannot help (the server refused every recipient, or the message)
     * @throws Exception        for anything that may pass (server down, timeout, a 4xx answer): the mail is retried
     */
    Delivered deliver(long mailId, String kind, byte[] mime, List<String> recipients) throws Exception;

    /**
     * A mail that went out.
     *
     * @param where   recorded with the sent mail (e.g. "smtp mail.city.lg.jp:25" or the file path)
     * @param refused recipients the server would not take although it took the mail for the others
     */
    record Delivered(String where, List<Refusal> refused) {
        public Delivered {
            refused = List.copyOf(refused);
        }

        public static Delivered to(String where) {
            return new Delivered(where, List.of());
        }
    }

    /** A recipient the server refused, with its answer (「550 5.1.1 User unknown」). */
    record Refusal(String address, String answer) {
    }

    /** A delivery that must not be retried. */
    final class PermanentFailure extends Exception {
        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
