package jp.reform.collector.read;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mark a pre-filled template carries above its table, 「様式ID: atsugi-7-2|2025|職員課|v1」: which plan,
 * fiscal year and department it was made for, and its layout version. It is a visible cell so that it
 * survives Excel's "save as .xls" and "save as CSV", and a renamed or moved file is still recognised.
 *
 * @param cellRow 1-based row of the mark, for messages
 */
public record TemplateMark(String planCode, int fiscalYear, String department, int version, String sheet,
                           int cellRow, String cellText) {

    /** The layout version templates are written with now; other versions are refused. */
    public static final int CURRENT_VERSION = 1;
    public static final String PREFIX = "様式ID:";

    private static final Pattern MARK = Pattern.compile(
            "様式ID:\\s*([A-Za-z0-9._-]+)\\|(\\d{4})\\|([^|]+)\\|v(\\d+)\\s*");

    /** The mark in a cell's text, if the cell holds one. */
    static Optional<TemplateMark> parse(String text, String sheet, int row) {
        if (text == null) {
            return Optional.empty();
        }
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        Matcher m = MARK.matcher(normalised);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TemplateMark(m.group(1), Integer.parseInt(m.group(2)), m.group(3).strip(),
                Integer.parseInt(m.group(4)), sheet, row, text.strip()));
    }
}
