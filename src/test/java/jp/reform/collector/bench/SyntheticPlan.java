package jp.reform.collector.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.support.TestFiles;

/**
 * Writes the master data of a synthetic plan in the layout of config/ (departments.csv, rounds.csv,
 * plans/&lt;code&gt;/plan.csv, structure.csv, indicators.csv, targets.csv), so that the real loader reads and
 * checks it: 3 goals, 4 areas each, 5 initiatives per area (60 initiatives); every department owns
 * {@code perDepartment} indicators spread over the initiatives in turn (60: one under each, as a city's 課
 * do; 200,000: a whole ledger of one 課). Every tenth department shares its first indicator with the next one
 * (共管指標). The CSV files are written line by line, so that a plan of a few hundred thousand indicators
 * needs no big buffer.
 */
final class SyntheticPlan {

    static final String MUNICIPALITY = "ベンチ市";
    private static final String[] GOALS = {"持続可能な行財政運営", "市民サービスの向上", "組織力の強化"};
    private static final String[] ROMAN = {"I", "II", "III"};
    private static final String[] KANA = {"ア", "イ", "ウ", "エ", "オ"};
    private static final String[] AREA_TITLES = {"財源の確保", "事務の効率化", "公共施設の適正管理", "外部との連携",
            "窓口サービスの改善", "デジタル化の推進", "情報発信の充実", "市民参加の促進",
            "人材の育成", "働き方改革", "内部統制の強化", "組織体制の見直し"};
    private static final String[] STEMS = {"総務", "財政", "税務", "市民", "福祉", "子育て支援", "環境", "道路",
            "都市計画", "下水道", "農政", "商工観光", "教育総務", "学校教育", "生涯学習", "文化振興", "スポーツ推進",
            "保険年金", "健康づくり", "介護保険", "障がい福祉", "防災", "消防総務", "契約", "資産経営", "広報",
            "秘書", "人事", "職員", "情報政策", "DX推進", "市民協働", "地域振興", "住宅", "公園緑地", "河川",
            "建築指導", "区画整理", "会計", "議会事務局"};
    static final int INITIATIVES = 60;
    private static final List<Integer> REMIND_DAYS_BEFORE = List.of(7, 1);
    private static final int OVERDUE_EVERY_DAYS = 7;
    private static final int ESCALATE_AFTER_DAYS = 14;
    private static final String[] NUMERIC_NAMES = {"電子申請の利用件数", "研修の受講者数", "出前講座の開催回数",
            "使用料収入", "市民満足度", "累計削減件数", "前年度比の利用件数", "窓口の平均待ち時間"};

    final String code;
    final int departments;
    final int perDepartment;
    final int fyFrom;
    final int fyTo;
    final int collectedYear;
    final LocalDate opens;
    final LocalDate deadline;

    /**
     * @param today the day the round of {@code collectedYear} is open: the previous fiscal year's results are
     *              collected, the plan runs from the year before that to the current fiscal year
     */
    SyntheticPlan(String code, int departments, int perDepartment, LocalDate today) {
        if (perDepartment < 1) {
            throw new IllegalArgumentException("a department owns at least one indicator");
        }
        this.code = code;
        this.departments = departments;
        this.perDepartment = perDepartment;
        int currentFiscalYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        this.collectedYear = currentFiscalYear - 1;
        this.fyFrom = collectedYear - 1;
        this.fyTo = currentFiscalYear;
        this.opens = today.minusDays(45);
        this.deadline = today.plusDays(5);
    }

    /** The round as the collector reads it from rounds.csv, its deadline moved by the city's closed days. */
    CollectionRound round(HolidayCalendar calendar) {
        return CollectionRound.of(code, collectedYear, opens, deadline, calendar, REMIND_DAYS_BEFORE,
                OVERDUE_EVERY_DAYS, ESCALATE_AFTER_DAYS);
    }

    static String department(int number) {
        return STEMS[(number - 1) % STEMS.length] + "課" + "%04d".formatted(number);
    }

    static String email(int number) {
        return "ka%04d@bench.example.jp".formatted(number);
    }

    static String initiative(int j) {
        return ROMAN[j / 20] + "-" + (j / 5 % 4 + 1) + "-" + KANA[j % 5];
    }

    /** The j-th indicator of a department: under initiative j mod 60; past the 60th, a running suffix. */
    static String indicatorCode(int j, int department) {
        String code = initiative(j % INITIATIVES) + "-%04d".formatted(department);
        return j < INITIATIVES ? code : code + "-" + (j / INITIATIVES + 1);
    }

    /**
     * A home for timing the collector's commands on this plan: the bundled application.properties, holidays and
     * routes, an empty inbox, and the plan's config files. Returns the home's settings.
     */
    AppSettings writeHome(Path home) throws IOException {
        Path config = Files.createDirectories(home.resolve("config"));
        Files.copy(Path.of("config", "application.properties"), config.resolve("application.properties"));
        Files.copy(Path.of("config", "holidays.csv"), config.resolve("holidays.csv"));
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        Files.createDirectories(home.resolve("inbox"));
        write(config);
        return AppSettings.load(home, Path.of("config"), java.util.Map.of());
    }

    /** Writes the plan and the departments into {@code config} (which already holds the other settings). */
    void write(Path config) throws IOException {
        Path plan = Files.createDirectories(config.resolve("plans").resolve(code));
        List<String> departmentsCsv = new ArrayList<>();
        departmentsCsv.add("department_name,former_names,emails,allowed_senders,notes");
        for (int d = 1; d <= departments; d++) {
            // a few renamed departments, whose old folder still works
            String former = d % 50 == 0 ? "旧" + department(d) : "";
            departmentsCsv.add(String.join(",", department(d), former, email(d), email(d), "synthetic"));
        }
        write(config.resolve("departments.csv"), departmentsCsv);
        write(config.resolve("rounds.csv"), List.of(
                "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days",
                code + "," + collectedYear + "," + opens + "," + deadline + "," + REMIND_DAYS_BEFORE.get(0) + "|"
                        + REMIND_DAYS_BEFORE.get(1) + "," + OVERDUE_EVERY_DAYS + "," + ESCALATE_AFTER_DAYS));
        write(plan.resolve("plan.csv"), List.of(
                "plan_code,municipality,plan_name,fy_from,fy_to,admin_department,admin_email",
                code + "," + MUNICIPALITY + ",ベンチ市行政改革実施計画（" + departments + "課）," + fyFrom + "," + fyTo
                        + ",行政経営課,gyokaku@bench.example.jp"));
        List<String> structure = new ArrayList<>();
        structure.add("node_code,level,parent_code,title");
        for (int g = 0; g < 3; g++) {
            structure.add(ROMAN[g] + ",goal,," + GOALS[g]);
            for (int a = 0; a < 4; a++) {
                String area = ROMAN[g] + "-" + (a + 1);
                structure.add(area + ",area," + ROMAN[g] + "," + AREA_TITLES[g * 4 + a]);
                for (int i = 0; i < 5; i++) {
                    structure.add(area + "-" + KANA[i] + ",initiative," + area + "," + AREA_TITLES[g * 4 + a]
                            + "の取組" + (i + 1));
                }
            }
        }
        write(plan.resolve("structure.csv"), structure);
        try (BufferedWriter indicators = writer(plan.resolve("indicators.csv"));
             BufferedWriter targets = writer(plan.resolve("targets.csv"))) {
            line(indicators, "indicator_code,initiative_code,name,unit,value_kind,direction,cumulative,baseline_text,"
                    + "baseline_value,responsible_departments,min_value,max_value");
            line(targets, "indicator_code,fiscal_year,target_text,target_value");
            // plan order: by initiative, then department, as transcribed plans list them
            for (int j = 0; j < perDepartment; j++) {
                for (int d = 1; d <= departments; d++) {
                    Kind kind = Kind.of(j);
                    String code = indicatorCode(j, d);
                    String owners = j == 0 && d % 10 == 0 && d < departments
                            ? department(d) + "|" + department(d + 1) : department(d);
                    long base = base(j, d);
                    String name = kind == Kind.MILESTONE ? AREA_TITLES[j % INITIATIVES / 5] + "の実施状況"
                            : NUMERIC_NAMES[Math.min(kind.ordinal(), NUMERIC_NAMES.length - 1)];
                    String baseline = kind == Kind.MILESTONE ? "-," : kind.text(baselineValue(kind, base)) + ","
                            + baselineValue(kind, base);
                    String bounds = kind == Kind.PERCENT ? "0,100" : ",";
                    line(indicators, String.join(",", code, initiative(j % INITIATIVES), name, kind.unit,
                            kind == Kind.MILESTONE ? "qualitative" : "numeric",
                            kind == Kind.LOWER ? "lower_is_better" : "higher_is_better",
                            Boolean.toString(kind == Kind.CUMULATIVE), baseline, owners, bounds));
                    for (int y = fyFrom; y <= fyTo; y++) {
                        line(targets, code + "," + y + "," + target(kind, base, y - fyFrom));
                    }
                }
            }
        }
    }

    /**
     * The value of the j-th indicator of a department in a fiscal year, as a department would report it:
     * around the target (70–130 %), at most 100 for a percentage; null for a milestone (reported by its
     * 取組状況 and 自己評価). Deterministic, so that a file and a raw COPY of it carry the same values.
     */
    BigDecimal plausibleActual(int j, int d, int year) {
        Kind kind = Kind.of(j);
        long base = base(j, d);
        long reference = switch (kind) {
            case MILESTONE -> -1;
            case RELATIVE -> base;
            case PERCENT -> Math.min(99, 60 + base % 30 + 2L * (year - fyFrom));
            case CUMULATIVE -> base * (year - fyFrom + 1);
            case LOWER -> Math.max(1, base / 10 - (year - fyFrom));
            default -> base + base * (year - fyFrom) / 20;
        };
        if (reference < 0) {
            return null;
        }
        long value = Math.max(1, reference * factorPercent(j, d) / 100);
        return BigDecimal.valueOf(kind == Kind.PERCENT ? Math.min(100, value) : value);
    }

    /** How far the value of {@link #plausibleActual} lies from its reference, in percent: 70–130. */
    static int factorPercent(int j, int d) {
        return (int) (70 + (j * 31L + d * 17L) % 61);
    }

    static long base(int j, int d) {
        return 100 + (d * 37L + j * 11L) % 900;
    }

    private static long baselineValue(Kind kind, long base) {
        return kind == Kind.PERCENT ? 55 + base % 30 : base * 9 / 10;
    }

    /** target_text,target_value of the k-th year of the plan. */
    private static String target(Kind kind, long base, int k) {
        return switch (kind) {
            case MILESTONE -> new String[] {"検討", "試行実施", "本格実施", "本格実施"}[Math.min(k, 3)] + ",";
            case RELATIVE -> "前年度比5%増,";
            case PERCENT -> {
                long value = Math.min(99, 60 + base % 30 + 2L * k);
                yield value + "%," + value;
            }
            case CUMULATIVE -> {
                long value = base * (k + 1);
                yield kind.text(value) + "," + value;
            }
            case LOWER -> {
                long value = Math.max(1, base / 10 - k);
                yield kind.text(value) + "," + value;
            }
            default -> {
                long value = base + base * k / 20;
                yield kind.text(value) + "," + value;
            }
        };
    }

    /** What an indicator measures, by its initiative: the mix of a real plan. */
    enum Kind {
        COUNT("件"), PEOPLE("人"), TIMES("回"), YEN("千円"), PERCENT("%"), CUMULATIVE("件"), RELATIVE("件"),
        LOWER("分"), MILESTONE("");

        final String unit;

        Kind(String unit) {
            this.unit = unit;
        }

        static Kind of(int j) {
            return switch (j % 10) {
                case 0, 1 -> COUNT;
                case 2 -> PEOPLE;
                case 3 -> TIMES;
                case 4 -> PERCENT;
                case 5 -> YEN;
                case 6 -> CUMULATIVE;
                case 7 -> RELATIVE;
                case 8 -> LOWER;
                default -> MILESTONE;
            };
        }

        String text(long value) {
            return value + unit;
        }
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static BufferedWriter writer(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static void line(BufferedWriter out, String line) throws IOException {
        out.write(line);
        out.write('\n');
    }
}
