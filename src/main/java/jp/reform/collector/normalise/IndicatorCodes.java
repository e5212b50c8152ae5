package jp.reform.collector.normalise;

import java.util.Locale;

/**
 * Brings an indicator code as typed by a department ("Ｉ－１－ア－１", "i-1-ｱ-1", "Ⅱ‐3‐イ‐2")
 * to the form used in the master data ("I-1-ア-1").
 */
public final class IndicatorCodes {

    private IndicatorCodes() {
    }

    public static String normalise(String raw) {
        String text = JapaneseText.forReading(raw);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // the long vowel mark ー is a frequent typo for a dash between code parts
            out.append(JapaneseText.isDash(c) || c == '_' ? '-' : c);
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }
}
