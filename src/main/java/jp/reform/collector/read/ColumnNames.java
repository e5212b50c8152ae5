package jp.reform.collector.read;

import java.text.Normalizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.reform.collector.normalise.NumberParser;

/**
 * Recognises the header names departments use for each {@link Field}. Rules are tried in a fixed
 * order because names overlap: 取組実績 is a status text although it contains 実績, 実績年度 is a
 * year, 成果指標コード is a code while 成果指標 is a name.
 */
final class ColumnNames {

    private static final Pattern BLANKS = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern MARKS = Pattern.compile("^[※*]+|[※*.]+$");
    private static final Pattern TRAILING_GROUP = Pattern.compile("(\\([^()]*\\)|【[^】]*】|\\[[^\\]]*\\])$");
    private static final Pattern ANY_GROUP = Pattern.compile("\\([^()]*\\)|【[^】]*】|\\[[^\\]]*\\]");
    /** A fiscal year as written next to 実績: 令和6年度, R6, 2024年度, FY2024. */
    private static final String YEAR =
            "(?:(?:令和|平成)(?:元|\\d{1,2})(?:年度?)?|[RH]\\d{1,2}(?:年度?)?|(?:19|20)\\d{2}(?:年度?)?|FY(?:19|20)\\d{2})";
    /** A year in front of 実績: also 今年度, and 末 / の after it (令和6年度末の実績). */
    private static final Pattern YEAR_PREFIX = Pattern.compile("^(?:" + YEAR + "|(?:今|本|当該)年度)末?の?");
    private static final Pattern YEAR_SUFFIX = Pattern.compile(YEAR + "$");
    /** 実績 or 実績値, optionally followed by its unit (実績値 単位:件); a bare 実績値単位 is a unit column. */
    private static final Pattern ACTUAL_NAME = Pattern.compile("実績値?(?:単位:.+)?");
    /**
     * The units a header may state (with 千, 万, 億 before them): those the collection's files write. Any other
     * word in brackets (見込み, 累計, 単位) is a remark, not a unit.
     */
    private static final Set<String> HEADER_UNITS = Set.of("件", "人", "時間", "回", "団体", "社", "事業", "グループ",
            "文字", "fm", "円", "%", "施設", "事業者", "箇所", "手続", "サービス");
    /** 単位:千円 in a header (also 単位：千円, NFKC makes the colon half-width), up to a bracket or the end. */
    private static final Pattern STATED_UNIT = Pattern.compile("単位:([^()【】\\[\\]]+)");
    private static final Pattern CODE = Pattern.compile("(?:成果)?指標(?:コード|番号|NO|ID|記号)|コード");

    private static final List<String> YEAR_NAMES = List.of("年度", "対象年度", "実績年度", "報告年度");
    private static final Set<String> STATUS = Set.of("取組状況", "取組の状況", "取組実績", "実施状況");
    private static final List<String> OUTCOME_PREFIXES = List.of("成果と課題", "成果・課題", "成果及び課題");
    private static final Set<String> NEXT_STEPS = Set.of("今後の取組方針", "今後の方向性", "次年度の取組");
    private static final Set<String> ASSESSMENT = Set.of("評価", "達成度", "取組達成度");
    private static final Set<String> DEPARTMENT = Set.of("担当課", "主管課", "担当部署", "所管課", "担当課名");
    private static final Set<String> INDICATOR_NAME = Set.of("成果指標", "指標名", "成果指標名");

    private static final Map<Field, List<String>> EXAMPLES = examples();

    private ColumnNames() {
    }

    /** NFKC, no whitespace or line breaks, Latin letters upper case, 取り組み / 取組み spelt 取組. */
    static String normalise(String header) {
        String text = Normalizer.normalize(header, Normalizer.Form.NFKC);
        text = BLANKS.matcher(text).replaceAll("").toUpperCase(Locale.ROOT);
        return text.replace("取り組み", "取組").replace("取組み", "取組");
    }

    /** The field this header names, or null. */
    static Field match(String header) {
        String full = normalise(header);
        if (full.isEmpty()) {
            return null;
        }
        String core = core(full);
        if (CODE.matcher(core).matches()) {
            return Field.INDICATOR_CODE;
        }
        if (isFiscalYear(full)) {
            return Field.FISCAL_YEAR;
        }
        if (STATUS.contains(core) || full.startsWith("取組内容(実績")) {
            return Field.STATUS_TEXT;
        }
        if (core.equals("課題") || OUTCOME_PREFIXES.stream().anyMatch(full::startsWith)) {
            return Field.OUTCOME;
        }
        if (NEXT_STEPS.contains(core) || full.startsWith("今後の取組")) {
            return Field.NEXT_STEPS;
        }
        if (ASSESSMENT.contains(core) || full.startsWith("自己評価")) {
            return Field.SELF_ASSESSMENT;
        }
        if (isActual(full)) {
            return Field.ACTUAL;
        }
        if (DEPARTMENT.contains(core)) {
            return Field.DEPARTMENT;
        }
        if (INDICATOR_NAME.contains(core)) {
            return Field.INDICATOR_NAME;
        }
        if (core.equals("単位")) {
            return Field.UNIT;
        }
        // 目標達成率 / 目標達成度 judge the result; they are not the target itself
        if (full.contains("目標") && !full.contains("達成")) {
            return Field.TARGET;
        }
        return null;
    }

    /**
     * The unit a header states for its values, as written there: 実績値（円） and 実績値 単位:千円 state one,
     * 実績値（R7） and 実績値（単位） do not (only a unit the number reader knows counts).
     */
    static Optional<String> statedUnit(String header) {
        String full = normalise(header);
        Matcher named = STATED_UNIT.matcher(full);
        String unit = null;
        if (named.find()) {
            unit = named.group(1);
        } else {
            Matcher group = ANY_GROUP.matcher(full);
            while (group.find()) {
                unit = group.group().substring(1, group.group().length() - 1);
            }
        }
        String stated = unit;
        return stated != null && NumberParser.parseUnit(stated).map(q -> HEADER_UNITS.contains(q.unit())).orElse(false)
                ? Optional.of(stated) : Optional.empty();
    }

    /** Names to quote in a hint about a missing column. */
    static List<String> examples(Field field) {
        return EXAMPLES.get(field);
    }

    private static boolean isFiscalYear(String full) {
        for (String name : YEAR_NAMES) {
            if (full.startsWith(name)) {
                String rest = full.substring(name.length());
                return !rest.contains("実績") && !rest.contains("目標");
            }
        }
        return false;
    }

    /** 実績 or 実績値 with, at most, a year around it and a unit: R6実績, 実績値(%), 実績値R6, 実績値 単位:件. */
    private static boolean isActual(String full) {
        if (full.contains("目標")) {
            return false;
        }
        String bare = strip(ANY_GROUP.matcher(full).replaceAll(""));
        bare = YEAR_PREFIX.matcher(bare).replaceFirst("");
        bare = YEAR_SUFFIX.matcher(bare).replaceFirst("");
        return ACTUAL_NAME.matcher(bare).matches();
    }

    /** The name without marks (※ *) and without trailing bracketed remarks: コード(必須)※ → コード. */
    private static String core(String full) {
        String previous;
        String text = full;
        do {
            previous = text;
            text = strip(TRAILING_GROUP.matcher(text).replaceFirst(""));
        } while (!text.equals(previous) && !text.isEmpty());
        return text;
    }

    private static String strip(String text) {
        return MARKS.matcher(text).replaceAll("");
    }

    private static Map<Field, List<String>> examples() {
        Map<Field, List<String>> map = new EnumMap<>(Field.class);
        map.put(Field.INDICATOR_CODE, List.of("指標コード", "成果指標コード", "指標番号", "指標No", "指標ID", "コード"));
        map.put(Field.FISCAL_YEAR, List.of("年度", "対象年度", "実績年度", "報告年度"));
        map.put(Field.ACTUAL, List.of("実績値", "実績", "令和6年度実績", "R6実績", "実績値(単位)"));
        map.put(Field.STATUS_TEXT, List.of("取組状況", "取組の状況", "取組実績", "実施状況", "取組内容(実績)"));
        map.put(Field.OUTCOME, List.of("成果と課題", "成果・課題", "成果及び課題", "課題"));
        map.put(Field.NEXT_STEPS, List.of("今後の取組", "今後の取組方針", "今後の方向性", "次年度の取組"));
        map.put(Field.SELF_ASSESSMENT, List.of("自己評価", "評価", "達成度", "取組達成度"));
        map.put(Field.DEPARTMENT, List.of("担当課", "主管課", "担当部署", "所管課"));
        map.put(Field.INDICATOR_NAME, List.of("成果指標", "指標名", "成果指標名"));
        map.put(Field.UNIT, List.of("単位"));
        map.put(Field.TARGET, List.of("目標値", "目標", "令和6年度目標"));
        return map;
    }
}
