package jp.reform.collector.master;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.normalise.JapaneseText;

/**
 * Reads what a plan's target cell says when it is not a plain number (DOMAIN.md, "Baseline years" and
 * "Relative targets"): that the year measures the baseline (現状値の把握 …), or a change against last
 * year's actual (5%増, 5%減(前年度比) …). Cities write these cells freely, so both are read after NFKC and
 * without spaces, quotes or bracketed remarks.
 */
public final class TargetText {

    /** Bracketed remarks (（R6）, 【参考】, [注]) and quotes say nothing about what the year asks for. */
    private static final Pattern REMARKS = Pattern.compile("\\([^()]*\\)|【[^】]*】|\\[[^\\]]*]|〔[^〕]*〕|[「」『』\"']");
    /** A ※ note runs to the end of the cell. */
    private static final Pattern NOTE = Pattern.compile("※.*$");
    /** A leading label fused into the cell by the source: 目標, 2024年度:, R6:, 令和6年度 … */
    private static final Pattern LEADING_LABEL = Pattern.compile(
            "^(?:目標:?)?(?:(?:令和|平成|R|H)\\d{1,2}(?:年度?)?:?|\\d{4}(?:年度?)?:?)?");
    /**
     * The whole cell, once cleaned, names the starting point and measuring it, and nothing else: 現状値の把握,
     * 現状把握, 現状値を把握, 基準値の設定, 実態把握, 実態調査の実施. Anything more (現状値を維持, 現状値以上,
     * 現状値の把握に基づく目標設定, 市民ニーズの把握) is a target of its own.
     */
    private static final Pattern BASELINE = Pattern.compile(
            "(?:現状値|現状|基準値|基準|初期値|実態)(?:の|を)?(?:把握|測定|調査|設定)"
                    + "(?:の実施|を実施|を行う|する|のみ|等)?[。.]?");
    /** 5%増, 3%増加, 前年度比5%減, 5%減(前年度比), 2.5%削減. */
    private static final Pattern RELATIVE = Pattern.compile("(\\d+(?:\\.\\d+)?)%(?:の)?(増加|増|減少|削減|縮減|減)");

    /** A percentage change of last year's actual. */
    public record RelativeChange(BigDecimal percent, boolean decrease) {

        /** What last year's actual is multiplied by: 1.05 for 5%増, 0.95 for 5%減. */
        public BigDecimal factor() {
            BigDecimal share = percent.movePointLeft(2);
            return decrease ? BigDecimal.ONE.subtract(share) : BigDecimal.ONE.add(share);
        }

        /** The target kind this change is written as. */
        public String kind() {
            return decrease ? "relative_decrease" : "relative_increase";
        }
    }

    private TargetText() {
    }

    /** True when the target cell says the year measures the baseline: no target is set that year. */
    public static boolean isBaseline(String text) {
        if (text == null) {
            return false;
        }
        String cleaned = REMARKS.matcher(JapaneseText.withoutSpaces(JapaneseText.nfkc(text))).replaceAll("");
        cleaned = NOTE.matcher(cleaned).replaceAll("");
        cleaned = LEADING_LABEL.matcher(cleaned).replaceFirst("");
        return BASELINE.matcher(cleaned).matches();
    }

    /** The change against last year's actual the cell asks for, if it asks for one. */
    public static Optional<RelativeChange> relativeChange(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = RELATIVE.matcher(JapaneseText.withoutSpaces(JapaneseText.nfkc(text)));
        if (!m.find()) {
            return Optional.empty();
        }
        boolean decrease = m.group(2).contains("減");
        return Optional.of(new RelativeChange(new BigDecimal(m.group(1)), decrease));
    }
}
