package jp.reform.collector.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a file came from, as its submission keeps it (submission.source_key): the same file taken again after
 * an interruption has the same key, a new file (a new drop, a new mail) a new one. Kept short: a key past
 * {@value #MAX_CHARS} characters (a hostile Message-ID) is stored as its hash, so that it always fits the index.
 */
final class SourceKeys {

    static final int MAX_CHARS = 500;

    /**
     * A file of the shared folder as the inbox jail finds it: its folder and name, size and modified time (a file
     * saved again has a new time; one copied keeps it, and is told apart by its archive and its entry's identity,
     * see FolderIntake.receivedBefore).
     */
    static String folder(String relativePath, long size, long modifiedMillis) {
        return bounded(relativePath + "|" + size + ":" + modifiedMillis);
    }

    /** An attachment of a mail: the mail's key and the attachment's place in it ("2", or "3.1" inside a winmail.dat). */
    static String mail(String messageKey, String place) {
        return bounded(messageKey + "#" + place);
    }

    private static String bounded(String key) {
        if (key.length() <= MAX_CHARS) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private SourceKeys() {
    }
}
