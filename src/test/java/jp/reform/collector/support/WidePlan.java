package jp.reform.collector.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;

/**
 * The master data of a plan whose indicators all belong to one 課 (a ledger export, or a survey's one
 * respondent), written as the division writes config/ and read by the real loader: {@code wide-1}, FY2024–2026,
 * indicators {@code W-00001} … counted in 件, higher is better, target 100 in 2024 and 2025 and 「前年度比5%増」 in
 * 2026 (last year's actual × 1.05).
 */
public final class WidePlan {

    public static final String PLAN = "wide-1";
    public static final String DEPARTMENT = "統計課";

    private WidePlan() {
    }

    public static String code(int indicator) {
        return "W-%05d".formatted(indicator);
    }

    /** Writes config/ for {@code indicators} indicators into {@code dir} and loads it. */
    public static MasterData write(Path dir, int indicators) throws IOException {
        Path plan = Files.createDirectories(dir.resolve("plans").resolve(PLAN));
        Files.write(dir.resolve("departments.csv"), List.of("department_name,former_names,emails,allowed_senders,notes",
                DEPARTMENT + ",,tokei@wide.example.jp,tokei@wide.example.jp,test"));
        Files.write(plan.resolve("plan.csv"), List.of(
                "plan_code,municipality,plan_name,fy_from,fy_to,admin_department,admin_email",
                PLAN + ",広域市,広域市行政改革実施計画,2024,2026,行政経営課,gyokaku@wide.example.jp"));
        Files.write(plan.resolve("structure.csv"), List.of("node_code,level,parent_code,title", "W,goal,,効率的な行政運営",
                "W-1,area,W,事務の効率化", "W-1-ア,initiative,W-1,手続のオンライン化"));
        List<String> rows = new ArrayList<>();
        rows.add("indicator_code,initiative_code,name,unit,value_kind,direction,cumulative,baseline_text,baseline_value,"
                + "responsible_departments");
        List<String> targets = new ArrayList<>();
        targets.add("indicator_code,fiscal_year,target_text,target_value,target_kind");
        for (int i = 1; i <= indicators; i++) {
            rows.add(code(i) + ",W-1-ア,オンライン手続の件数" + i + ",件,numeric,higher_is_better,false,100件,100," + DEPARTMENT);
            targets.add(code(i) + ",2024,100件,100,absolute");
            targets.add(code(i) + ",2025,100件,100,absolute");
            targets.add(code(i) + ",2026,前年度比5%増,,relative_increase");
        }
        Files.write(plan.resolve("indicators.csv"), rows);
        Files.write(plan.resolve("targets.csv"), targets);
        return new MasterDataLoader().load(dir);
    }
}
