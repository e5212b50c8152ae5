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
    /** The very hidden sheet of key/value rows a template also carries (lost when saved as CSV). */
    public static final String META_SHEET = "_meta";
    /** The template's instructions sheet: text for staff, no table, never read. */
    public static final String GUIDE_SHEET = "記入方法";

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

    /**
     * The mark from the hidden metadata sheet (plan_code, fiscal_year, department, template_version),
     * placed for messages at the visible mark when there is one.
     */
    static Optional<TemplateMark> fromMetadata(java.util.Map<String, String> values, TemplateMark visible,
                                               String sheet, int headerRow) {
        try {
            String plan = values.get("plan_code");
            String department = values.get("department");
            if (plan == null || department == null) {
                return Optional.empty();
            }
            int year = Integer.parseInt(values.get("fiscal_year").strip());
            int version = Integer.parseInt(values.get("template_version").strip().replaceFirst("^v", ""));
            return Optional.of(visible != null
                    ? new TemplateMark(plan.strip(), year, department.strip(), version, visible.sheet(),
                            visible.cellRow(), visible.cellText())
                    : new TemplateMark(plan.strip(), year, department.strip(), version, sheet, headerRow,
                            META_SHEET + ": " + plan.strip() + "|" + year + "|" + department.strip() + "|v" + version));
        } catch (RuntimeException e) {
            return Optional.empty(); // damaged metadata: the visible mark, if any, decides
        }
    }
}
