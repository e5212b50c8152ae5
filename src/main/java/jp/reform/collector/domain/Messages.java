package jp.reform.collector.domain;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** User-facing Japanese text, kept in messages.properties (UTF-8) rather than in code. */
public final class Messages {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("messages", Locale.ROOT);

    private Messages() {
    }

    /** The text for a key with its {0} {1} … placeholders filled in. */
    public static String text(String key, Object... args) {
        String pattern = BUNDLE.getString(key);
        // numbers as written (2025, not MessageFormat's "2,025"); callers format amounts themselves
        Object[] plain = java.util.Arrays.stream(args).map(a -> a instanceof Number ? a.toString() : a).toArray();
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.JAPAN).format(plain);
    }

    /** The word for a code ({@code prefix + code}), or the code itself where there is none: shown, never hidden. */
    public static String wordFor(String prefix, String code) {
        if (code == null) {
            return "";
        }
        return BUNDLE.containsKey(prefix + code) ? BUNDLE.getString(prefix + code) : code;
    }
}
