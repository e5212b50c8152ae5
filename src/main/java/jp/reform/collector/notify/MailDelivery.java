package jp.reform.collector.notify;

import java.util.List;

/** Hands one composed message to its destination: an SMTP server, or a folder of .eml files. */
public interface MailDelivery {

    /**
     * @return where it went, recorded with the sent mail (e.g. "smtp mail.city.lg.jp:25" or the file path)
     * @throws PermanentFailure when trying again cannot help (the server refused every recipient)
     * @throws Exception        for anything that may pass (server down, timeout): the mail is retried
     */
    String deliver(long mailId, String kind, byte[] mime, List<String> recipients) throws Exception;

    /** A delivery that must not be retried. */
    final class PermanentFailure extends Exception {
        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
