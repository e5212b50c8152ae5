package jp.reform.collector.domain;

/**
 * Unicode bidi controls in text people wrote (a display name, a file name, a comment, a mail subject) are shown,
 * not obeyed, wherever such text is put before people: an override (U+202E) would reverse what follows it, so
 * that 「山田‮ さんが確認済みにしました」 reads wrong, or 実績‮xslx.exe looks like a workbook. Replacing them is
 * the one cure that holds both after the text and inside it (isolating it in a &lt;bdi&gt; still lets the name
 * reverse its own extension), in an HTML page, a workbook cell and a plain-text mail alike.
 */
public final class BidiControls {

    /** What a control is shown as: the replacement character, as a file name's other invisible characters. */
    public static final char SHOWN = '\uFFFD';

    private BidiControls() {
    }

    /**
     * U+202A–U+202E (embeddings, overrides, PDF), U+2066–U+2069 (isolates), U+200E/U+200F (LRM, RLM) and U+061C
     * (ALM): the characters that change the order of what is around them.
     */
    public static boolean isControl(int cp) {
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069 || cp == 0x200E || cp == 0x200F
                || cp == 0x061C;
    }

    /** The text with each bidi control shown as {@link #SHOWN}; null stays null, text without any is returned as is. */
    public static String shown(String text) {
        if (text == null || text.chars().noneMatch(BidiControls::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(isControl(c) ? SHOWN : (char) c));
        return out.toString();
    }
}
