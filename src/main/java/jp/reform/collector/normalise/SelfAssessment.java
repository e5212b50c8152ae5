package jp.reform.collector.normalise;

import java.util.Map;
import java.util.Optional;

/**
 * A department's own grade of a result: the Atsugi words (達成・概ね達成・未達成), the marks ○ △ ×
 * with their look-alikes, or the Minami-Alps letters A–D (取組達成度).
 */
public enum SelfAssessment {
    ACHIEVED,
    MOSTLY_ACHIEVED,
    NOT_ACHIEVED;

    private static final Map<String, SelfAssessment> WRITTEN = Map.ofEntries(
            Map.entry("達成", ACHIEVED), Map.entry("目標を達成", ACHIEVED),
            Map.entry("○", ACHIEVED), Map.entry("〇", ACHIEVED), Map.entry("◯", ACHIEVED), Map.entry("◎", ACHIEVED),
            Map.entry("概ね達成", MOSTLY_ACHIEVED), Map.entry("おおむね達成", MOSTLY_ACHIEVED),
            Map.entry("ほぼ達成", MOSTLY_ACHIEVED), Map.entry("△", MOSTLY_ACHIEVED),
            Map.entry("未達成", NOT_ACHIEVED), Map.entry("未達", NOT_ACHIEVED),
            Map.entry("×", NOT_ACHIEVED), Map.entry("✕", NOT_ACHIEVED), Map.entry("✖", NOT_ACHIEVED),
            Map.entry("X", NOT_ACHIEVED), Map.entry("A", ACHIEVED), Map.entry("B", MOSTLY_ACHIEVED),
            Map.entry("C", NOT_ACHIEVED), Map.entry("D", NOT_ACHIEVED));

    /** Reads the cell; empty when blank or not one of the accepted words, marks or letters. */
    public static Optional<SelfAssessment> parse(String raw) {
        String text = JapaneseText.forReading(raw).toUpperCase();
        SelfAssessment exact = WRITTEN.get(text);
        if (exact != null) {
            return Optional.of(exact);
        }
        // "A:目標を達成", "D 未達成、取組困難", "○（達成）": the leading letter or mark decides
        if (text.length() > 1 && (isMark(text.charAt(0))
                || "ABCD".indexOf(text.charAt(0)) >= 0 && !isAsciiLetter(text.charAt(1)))) {
            return Optional.ofNullable(WRITTEN.get(text.substring(0, 1)));
        }
        return Optional.empty();
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isMark(char c) {
        return "○〇◯◎△×✕✖".indexOf(c) >= 0;
    }

    /** The grade word the committee uses. */
    public String label() {
        return switch (this) {
            case ACHIEVED -> "達成";
            case MOSTLY_ACHIEVED -> "概ね達成";
            case NOT_ACHIEVED -> "未達成";
        };
    }
}
