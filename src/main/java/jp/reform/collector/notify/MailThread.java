package jp.reform.collector.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The department's mail our answer belongs to, so that the receipt or reply is shown in the same
 * conversation in Outlook: its Message-ID (In-Reply-To), the chain before it (References) and its subject
 * (「Re: 」 + the subject). Everything comes from the sender's headers, so only well-formed message ids are
 * kept and their number is bounded: a header is never a way to put text of the sender's into ours.
 */
public record MailThread(String messageId, List<String> references, String subject) {

    /** RFC 5322 msg-id as mail programs write it: no spaces, no angle brackets inside, bounded. */
    private static final Pattern MESSAGE_ID = Pattern.compile("<[!-;=?-~&&[^<>]]{1,250}>");
    private static final Pattern REPLY_PREFIX = Pattern.compile("^(?i:re|ｒｅ|ＲＥ|Ｒｅ)\\s*[:：]");
    /** Outlook and Thunderbird keep the newest ids; a chain longer than this adds nothing to threading. */
    private static final int MAX_REFERENCES = 10;

    public MailThread {
        references = List.copyOf(references);
    }

    /**
     * The thread of a received mail, or null when it has no usable Message-ID (nothing to answer to).
     *
     * @param messageIdHeader  the Message-ID header as received
     * @param referencesHeader the References header as received (may be null)
     * @param subject          the decoded subject (may be null)
     */
    public static MailThread of(String messageIdHeader, String referencesHeader, String subject) {
        List<String> own = ids(messageIdHeader);
        if (own.size() != 1) {
            return null;
        }
        List<String> chain = new ArrayList<>(ids(referencesHeader));
        chain.remove(own.get(0));
        chain.add(own.get(0));
        List<String> kept = chain.subList(Math.max(0, chain.size() - MAX_REFERENCES), chain.size());
        return new MailThread(own.get(0), kept, subject == null ? "" : HeaderText.oneLine(subject));
    }

    private static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null) {
            return ids;
        }
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    /** 「Re: 」 and the department's subject; our own subject when theirs was empty. */
    public String replySubject(String ownSubject) {
        String theirs = subject.strip();
        if (theirs.isEmpty()) {
            return ownSubject;
        }
        return REPLY_PREFIX.matcher(theirs).find() ? theirs : "Re: " + theirs;
    }

    /** The References header of the answer: the chain and the mail answered, newest last. */
    public String referencesHeader() {
        return String.join(" ", references);
    }
}
