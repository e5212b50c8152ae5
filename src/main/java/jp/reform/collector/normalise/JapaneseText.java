package jp.reform.collector.normalise;

import java.text.Normalizer;
import java.util.Set;
import java.util.regex.Pattern;

/** Unicode and whitespace clean-up for Japanese input before codes and numbers are read. */
public final class JapaneseText {

    /** Compiled once: this runs for several cells of every row of a file. */
    private static final Pattern SPACES = Pattern.compile("[\\s\\u3000]+");

    /** Cell contents that mean "no value" (compared after NFKC and trimming). */
    private static final Set<String> EMPTY_MARKERS = Set.of("", "-", "－", "—", "―", "‐", "−", "–", "ー",
            "未設定", "なし", "無し", "該当なし", "N/A", "n/a", "NA");

    private JapaneseText() {
    }

    /** NFKC: full-width digits/letters/symbols to ASCII, half-width katakana to full-width, Ⅰ to I. */
    public static String nfkc(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

    /** NFKC, then trimmed of ordinary and ideographic spaces. */
    public static String clean(String text) {
        return nfkc(text).strip();
    }

    /** Free text as the department wrote it: line endings unified, trailing blanks removed, not normalised. */
    public static String freeText(String text) {
        if (text == null) {
            return null;
        }
        String unified = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        return unified.isEmpty() || isEmpty(unified) ? null : unified;
    }

    /** True when the cell means "no value": blank, a dash of any width, 未設定, なし. */
    public static boolean isEmpty(String text) {
        String cleaned = clean(text);
        return EMPTY_MARKERS.contains(cleaned) || cleaned.chars().allMatch(JapaneseText::isDash);
    }

    static boolean isDash(int c) {
        return c == '-' || c == '－' || c == '—' || c == '―' || c == '‐' || c == '−' || c == '–' || c == 'ー';
    }

    /** Removes every whitespace character, including the ideographic space and line breaks. */
    public static String withoutSpaces(String text) {
        return SPACES.matcher(text).replaceAll("");
    }
}
