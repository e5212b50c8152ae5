package jp.reform.collector.planbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.normalise.FiscalYears;

/**
 * The columns the plan files know: the Japanese header each has on its sheet, what it holds (for the
 * instructions sheet and the cell prompts), and the words allowed in the columns with a fixed vocabulary.
 * A column not listed here (an extra column someone added to a CSV file) keeps its CSV name as header.
 */
public final class PlanColumns {

    /** A known column: its header on the sheet and a one-line explanation. */
    public record Known(String header, String about) {
    }

    /** actions.csv has one column per plan year: plan_2024 …, headed 「令和6年度の計画」. */
    private static final Pattern PLAN_YEAR = Pattern.compile("plan_(\\d{4})");
    private static final Pattern PLAN_YEAR_HEADER = Pattern.compile("(.+)の計画");

    private static final Map<PlanFile, Map<String, Known>> KNOWN = new LinkedHashMap<>();
    private static final Map<String, Map<String, String>> WORDS = new LinkedHashMap<>();

    static {
        Map<String, Known> plan = new LinkedHashMap<>();
        plan.put("plan_code", new Known("計画コード", "計画を表す半角英数字のコード（フォルダ名になります。例: atsugi-7-2）"));
        plan.put("municipality", new Known("自治体", "市の名前（例: 厚木市）"));
        plan.put("plan_name", new Known("計画名", "計画の正式な名前"));
        plan.put("fy_from", new Known("開始年度", "計画の最初の年度（西暦4桁。令和6年度なら 2024）"));
        plan.put("fy_to", new Known("終了年度", "計画の最後の年度（西暦4桁）"));
        plan.put("admin_department", new Known("行革担当課", "計画を所管する課（config/departments.csv の課名）"));
        plan.put("admin_email", new Known("担当課メールアドレス", "所管課のメールアドレス（督促の写しの送り先）。空欄可"));
        plan.put("achieved_threshold", new Known("達成の基準（%）", "この達成率（%）以上を「達成」とします。空欄なら 100"));
        plan.put("mostly_threshold", new Known("概ね達成の基準（%）", "この達成率（%）以上を「概ね達成」とします。空欄なら 80"));
        plan.put("grading", new Known("判定方法", "rate（達成率で判定）または self_assessment（各課の自己評価 A～D で判定）。空欄なら rate"));
        plan.put("grade_labels", new Known("判定の表し方", "判定の言葉を良い順に | で区切って書きます"
                + "（例: ○|×、○|△|×、S|A|B|C）。2つなら中間（概ね達成）はありません。空欄なら 達成|概ね達成|未達成"));
        plan.put("grade_thresholds", new Known("段階の基準（%）", "判定が4段階のとき、最後を除く各段階の達成率（%）の下限を"
                + "良い順に | で区切って書きます（例: 120|100|80）。達成・概ね達成の基準をこの中に含めます。"
                + "2・3段階の計画は空欄"));
        KNOWN.put(PlanFile.PLAN, plan);

        Map<String, Known> structure = new LinkedHashMap<>();
        structure.put("node_code", new Known("体系コード", "基本方針・項目・取組のコード（例: I、I-1、I-1-ア）"));
        structure.put("level", new Known("階層", "goal（基本方針）、area（項目）、initiative（取組）のいずれか"));
        structure.put("parent_code", new Known("上位の体系コード", "項目なら基本方針の、取組なら項目のコード。基本方針は空欄"));
        structure.put("title", new Known("名称", "計画に書かれた名称"));
        KNOWN.put(PlanFile.STRUCTURE, structure);

        Map<String, Known> indicators = new LinkedHashMap<>();
        indicators.put("indicator_code", new Known("指標コード", "成果指標のコード（例: I-1-ア-1）。各課が実績報告に書くコードです"));
        indicators.put("initiative_code", new Known("取組コード", "指標が属する取組の体系コード（体系シートの initiative）"));
        indicators.put("name", new Known("成果指標", "成果指標の名前"));
        indicators.put("definition", new Known("指標の定義", "数値の定義（計画に書かれたとおり）"));
        indicators.put("unit", new Known("単位", "実績値の単位（%、件、人 など）。文章で評価する指標は空欄"));
        indicators.put("value_kind", new Known("値の種類", "numeric（数値）、qualitative（文章）、mixed（年度により数値と文章）"));
        indicators.put("direction", new Known("評価の方向", "higher_is_better（高いほど良い）または lower_is_better（低いほど良い）"));
        indicators.put("cumulative", new Known("累計", "true（累計値）または false（各年度の値）"));
        indicators.put("baseline_text", new Known("現状値（記載どおり）", "計画に書かれた現状値"));
        indicators.put("baseline_value", new Known("現状値（数値）", "現状値を単位の数値で（例: 98.4）。空欄可"));
        indicators.put("responsible_departments", new Known("担当課", "実績を報告する課。複数の場合は | で区切ります（例: 職員課|行政総務課）"));
        indicators.put("final_goal", new Known("最終目標", "期間内の最終目標（計画に書かれたとおり）"));
        indicators.put("min_value", new Known("下限値", "実績値として考えられる最小の数値（確認用）。空欄可"));
        indicators.put("max_value", new Known("上限値", "実績値として考えられる最大の数値（確認用）。空欄可"));
        indicators.put("notes", new Known("備考", "メモ（自由記述）"));
        KNOWN.put(PlanFile.INDICATORS, indicators);

        Map<String, Known> targets = new LinkedHashMap<>();
        targets.put("indicator_code", new Known("指標コード", "指標シートの指標コード"));
        targets.put("fiscal_year", new Known("年度", "目標の年度（西暦4桁。計画の開始年度～終了年度）"));
        targets.put("target_text", new Known("目標値（記載どおり）", "計画に書かれた目標（例: 100%、1,630万文字、見直し・反映、－）"));
        targets.put("target_value", new Known("目標値（数値）", "数値目標の数値を指標の単位で（例: 100、16300000）。文章の目標は空欄"));
        targets.put("target_kind", new Known("目標の種類", "absolute（数値）、milestone（文章）、relative_increase（前年度比の増加）、relative_decrease（前年度比の減少）、baseline（現状値の把握）、none（目標なし）。空欄なら自動で判定"));
        KNOWN.put(PlanFile.TARGETS, targets);

        Map<String, Known> actions = new LinkedHashMap<>();
        actions.put("initiative_code", new Known("取組コード", "体系シートの取組（initiative）のコード"));
        actions.put("action_no", new Known("取組番号", "取組の中の番号（①② → 1 2）"));
        actions.put("text", new Known("取組内容", "取組内容（計画に書かれたとおり）"));
        actions.put("departments", new Known("担当課", "担当課。複数の場合は | で区切ります"));
        KNOWN.put(PlanFile.ACTIONS, actions);

        WORDS.put("level", words("goal", "基本方針", "area", "項目", "initiative", "取組"));
        WORDS.put("value_kind", words("numeric", "数値で評価", "qualitative", "文章で評価",
                "mixed", "年度により数値と文章"));
        WORDS.put("direction", words("higher_is_better", "高いほど良い", "lower_is_better", "低いほど良い"));
        WORDS.put("cumulative", words("true", "累計値", "false", "各年度の値"));
        WORDS.put("target_kind", words("absolute", "数値目標", "milestone", "文章の目標（自己評価）",
                "relative_increase", "前年度比の増加", "relative_decrease", "前年度比の減少",
                "baseline", "現状値の把握（目標なし）", "none", "目標なし"));
        WORDS.put("grading", words("rate", "達成率で判定", "self_assessment", "各課の自己評価（A～D）で判定"));
    }

    /** Optional columns the export adds when a plan does not use them, so that they can be filled in Excel. */
    private static final Map<PlanFile, List<String>> OFFERED = Map.of(
            PlanFile.PLAN, List.of("achieved_threshold", "mostly_threshold", "grading", "grade_labels",
                    "grade_thresholds"),
            PlanFile.INDICATORS, List.of("min_value", "max_value"),
            PlanFile.TARGETS, List.of("target_kind"));

    private PlanColumns() {
    }

    private static Map<String, String> words(String... pairs) {
        Map<String, String> words = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            words.put(pairs[i], pairs[i + 1]);
        }
        return words;
    }

    /** The known columns of a file in their usual order (plan_YYYY columns of actions.csv are not listed). */
    public static Map<String, Known> known(PlanFile file) {
        return KNOWN.get(file);
    }

    /** The sheet header of a CSV column: its Japanese name, 「令和6年度の計画」 for plan_2024, else the CSV name. */
    public static String header(PlanFile file, String column) {
        Known known = KNOWN.get(file).get(column);
        if (known != null) {
            return known.header();
        }
        Matcher year = PLAN_YEAR.matcher(column);
        if (file == PlanFile.ACTIONS && year.matches()) {
            return FiscalYears.eraName(Integer.parseInt(year.group(1))) + "の計画";
        }
        return column;
    }

    /** What a column holds, for prompts and the instructions; empty for columns not known. */
    public static String about(PlanFile file, String column) {
        Known known = KNOWN.get(file).get(column);
        if (known != null) {
            return known.about();
        }
        Matcher year = PLAN_YEAR.matcher(column);
        if (file == PlanFile.ACTIONS && year.matches()) {
            return FiscalYears.japaneseLabel(Integer.parseInt(year.group(1))) + "の計画（→ は前年度から継続）";
        }
        return "";
    }

    /** The CSV column a Japanese header stands for, when the row of CSV names is missing or blank. */
    public static Optional<String> columnOf(PlanFile file, String header) {
        for (Map.Entry<String, Known> e : KNOWN.get(file).entrySet()) {
            if (e.getValue().header().equals(header)) {
                return Optional.of(e.getKey());
            }
        }
        Matcher year = PLAN_YEAR_HEADER.matcher(header);
        if (file == PlanFile.ACTIONS && year.matches()) {
            return FiscalYears.parse(year.group(1)).map(y -> "plan_" + y);
        }
        return Optional.empty();
    }

    /** The allowed words of a column with a fixed vocabulary and what each means; empty for free columns. */
    public static Map<String, String> words(String column) {
        return WORDS.getOrDefault(column, Map.of());
    }

    /** 「higher_is_better（高いほど良い）、lower_is_better（低いほど良い）」: the allowed words as a hint lists them. */
    public static String wordList(String column) {
        StringBuilder list = new StringBuilder();
        words(column).forEach((word, meaning) -> list.append(list.length() == 0 ? "" : "、")
                .append(word).append("（").append(meaning).append("）"));
        return list.toString();
    }

    /** Optional columns the export offers as empty columns when the plan file does not have them. */
    public static List<String> offered(PlanFile file) {
        return OFFERED.getOrDefault(file, List.of());
    }
}
