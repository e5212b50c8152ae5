package jp.reform.collector.normalise;

import java.text.Normalizer;
import java.util.Set;
import java.util.regex.Pattern;
import jp.reform.collector.domain.BidiControls;

/** Unicode and whitespace clean-up for Japanese input before codes and numbers are read. */
public final class JapaneseText {

    /** Compiled once: this runs for several cells of every row of a file. */
    private static final Pattern SPACES = Pattern.compile("[\\s\\u3000]+");

    /** Cell contents that mean "no value" (compared after NFKC and trimming). */
    private static final Set<String> EMPTY_MARKERS = Set.of("", "-", "－", "—", "―", "‐", "−", "–", "ー",
            "未設定", "なし", "無し", "該当なし", "N/A", "n/a", "NA");

    /** Letters or digits from which a cell is a text, not an empty marker ({@link #isEmpty}). */
    private static final int WORD_CHARACTERS_OF_A_TEXT = 5;

    private JapaneseText() {
    }

    /** NFKC: full-width digits/letters/symbols to ASCII, half-width katakana to full-width, Ⅰ to I. */
    public static String nfkc(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /** NFKC, then trimmed of ordinary and ideographic spaces; invisible format characters left out. */
    public static String clean(String text) {
        return nfkc(withoutFormatCharacters(text)).strip();
    }

    /**
     * A code, a number, a year or a unit as it is read: invisible format characters left out, NFKC, no spaces.
     * 「28」 pasted from a web page often ends in a zero-width space: it is 28, not 28 with an invisible unit.
     */
    public static String forReading(String text) {
        return withoutSpaces(nfkc(withoutFormatCharacters(text)));
    }

    /**
     * The text without invisible format characters (Unicode category Cf: zero-width space U+200B, joiners
     * U+200C/U+200D, word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD …). Bidi controls ({@link BidiControls})
     * stay: they change the order in which the digits are shown, so a number holding one is not read as if they
     * were not there. Only for what is read (codes, numbers, years, units): free text keeps what was typed.
     */
    public static String withoutFormatCharacters(String text) {
        if (text == null) {
            return "";
        }
        if (text.codePoints().noneMatch(JapaneseText::isInvisibleFormat)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !isInvisibleFormat(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static boolean isInvisibleFormat(int cp) {
        return Character.getType(cp) == Character.FORMAT && !BidiControls.isControl(cp);
    }

    /** Free text as the department wrote it: line endings unified, trailing blanks removed, not normalised. */
    public static String freeText(String text) {
        if (text == null) {
            return null;
        }
        String unified = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        return unified.isEmpty() || isEmpty(unified) ? null : unified;
    }

    /** True when the cell means "no value": blank (invisible characters only, too), a dash of any width, 未設定, なし. */
    public static boolean isEmpty(String text) {
        if (text != null && hasManyWordCharacters(text)) {
            return false; // a sentence: no need to normalise all of it to see that it is not a marker
        }
        String cleaned = clean(text);
        return EMPTY_MARKERS.contains(cleaned) || cleaned.chars().allMatch(JapaneseText::isDash);
    }

    /**
     * At least {@value #WORD_CHARACTERS_OF_A_TEXT} letters or digits that NFKC keeps letters or digits, each on
     * its own: then the cleaned text is longer than the longest marker (該当なし) and not all dashes. Not
     * counted: the long-vowel mark ー (a dash here), Hangul jamo (NFKC joins them into syllables) and the
     * half-width (semi-)voiced marks (joined to the kana before them).
     */
    private static boolean hasManyWordCharacters(String text) {
        int found = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) && c != 'ー' && c != 'ｰ' && c != 'ﾞ' && c != 'ﾟ' && !isHangulJamo(c)
                    && ++found >= WORD_CHARACTERS_OF_A_TEXT) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHangulJamo(char c) {
        return c >= '\u1100' && c <= '\u11ff' || c >= '\u3130' && c <= '\u318f' || c >= '\ua960' && c <= '\ua97f'
                || c >= '\ud7b0' && c <= '\ud7ff' || c >= '\uffa0' && c <= '\uffdc';
    }

    static boolean isDash(int c) {
        return c == '-' || c == '－' || c == '—' || c == '―' || c == '‐' || c == '−' || c == '–' || c == 'ー';
    }

    /** Removes every whitespace character, including the ideographic space and line breaks. */
    public static String withoutSpaces(String text) {
        return SPACES.matcher(text).replaceAll("");
    }
}
