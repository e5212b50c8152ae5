package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.evaluate.GradeOverrides;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committee's final grade (issue 12 part 2) as the division sets it on the console, on the sample inbox's
 * FY2025 results: summary, status, the board and the committee workbook count it and say why; removing it
 * restores the computed figures; both are in the audit log; no other role, no request without the session's
 * token and no override without a reason changes anything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FinalGradeTest {

    private static final String PLAN = "atsugi-7-2";
    /** A milestone self-assessed 概ね達成 (効果検証), as the FY2024 report's case. */
    private static final String MILESTONE = "I-1-イ-3";
    private static final String REASON = "第3回委員会で、効果検証を予定どおり終えたことから達成と判断";
    private static final String COMPUTED_SUMMARY = """
            goal,set,achieved,mostly,not_achieved,mostly_rate
            I,21,15,2,1,81.0
            II,12,7,2,1,75.0
            III,8,5,2,0,87.5
            total,41,27,6,2,80.5
            """;

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @Order(1)
    void anOverrideMovesTheCountsExactlyAndItsRemovalRestoresThemBothAudited() throws Exception {
        assertThat(summaryCsv()).isEqualTo(COMPUTED_SUMMARY);
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");

        // 概ね達成 → 達成: one moves from 概ね達成 to 達成 in goal I and in total; 概ね達成率 counts both, unchanged
        HttpResponse<String> set = setFinalGrade(admin, MILESTONE, "2025", "達成", REASON);
        assertThat(set.statusCode()).isEqualTo(303);
        assertThat(set.headers().firstValue("Location")).as("back to the indicator, on the year just graded")
                .hasValue("/indicators/" + PLAN + "/" + segment(MILESTONE) + "?fy=2025#final-grades");
        assertThat(summaryCsv()).isEqualTo("""
                goal,set,achieved,mostly,not_achieved,mostly_rate
                I,21,16,1,1,81.0
                II,12,7,2,1,75.0
                III,8,5,2,0,87.5
                total,41,28,5,2,80.5
                """);
        assertThat(Sql.one(server.database(), "select final_grade, final_level from grade_override"))
                .as("a three-level plan's final grade is stored as before V38: its grade, no step")
                .containsEntry("final_grade", "達成").containsEntry("final_level", null);
        assertThat(Sql.one(server.database(), "select after_state from audit_log where action = 'grade_overridden'")
                .get("after_state").toString()).as("and audited as before").doesNotContain("final_word");
        Map<String, CSVRecord> status = statusCsv();
        assertThat(status.get(MILESTONE).get("grade")).as("grade stays the computed one").isEqualTo("概ね達成");
        assertThat(status.get(MILESTONE).get("grade_label")).isEqualTo("概ね達成");
        assertThat(status.get(MILESTONE).get("final_grade")).isEqualTo("達成");
        assertThat(status.get("I-1-ア-1").get("final_grade")).isEmpty();
        assertThat(Cli.run("summary", "--plan", PLAN, "--fy", "2025", "--db-url", server.dbUrl()).out())
                .contains("合計", "28", "※ I-1-イ-3 マネジメント研修等の実施状況：算定 概ね達成 → 最終評価 達成（理由：" + REASON + "）");
        assertThat(Cli.run("status", "--plan", PLAN, "--fy", "2025", "--db-url", server.dbUrl()).out())
                .contains("達成※", "算定 概ね達成 → 最終評価 達成");

        try (XSSFWorkbook wb = committeeWorkbook(admin)) {
            Sheet summary = wb.getSheet("総括表");
            assertThat(counts(row(summary, "I　"))).containsExactly(21.0, 16.0, 1.0, 1.0, 3.0, 81.0);
            assertThat(counts(row(summary, "合計"))).containsExactly(41.0, 28.0, 5.0, 2.0, 6.0, 80.5);
            assertThat(texts(summary)).contains("※ I-1-イ-3 マネジメント研修等の実施状況：算定 概ね達成 → 最終評価 達成（理由："
                    + REASON + "）");
            Row listed = row(summary, "マネジメント研修等の実施状況");
            assertThat(listed.getCell(2).getStringCellValue()).isEqualTo("達成※");
            assertThat(texts(wb.getSheet("取組一覧"))).contains("達成※");
        }
        String page = admin.get("/indicators/" + PLAN + "/" + segment(MILESTONE)).body();
        assertThat(page).contains("最終評価（委員会の判断）", REASON, "達成※", "取り消す");
        assertThat(page).as("who set it, by the name colleagues know").contains("<td>行政経営課 管理者</td>");
        assertThat(new ConsoleClient(server).signIn("shokuin")
                .get("/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=2025").body()).contains("→ 最終評価", "達成※", REASON);
        String board = admin.get("/board?plan=" + PLAN + "&fy=2025").body();
        assertThat(board).contains("data-goal=\"total\"", "<td class=\"num\">28</td>", "※ I-1-イ-3");

        // 対象外: out of 設定項目 of goal I and of the total, 概ね達成率 recomputed over what is left
        // the year as every page reads it (R7 is 2025)
        assertThat(setFinalGrade(admin, MILESTONE, "R7", "対象外", "事業の中止により評価の対象外とする").statusCode())
                .isEqualTo(303);
        assertThat(summaryCsv()).isEqualTo("""
                goal,set,achieved,mostly,not_achieved,mostly_rate
                I,20,15,1,1,80.0
                II,12,7,2,1,75.0
                III,8,5,2,0,87.5
                total,40,27,5,2,80.0
                """);
        try (XSSFWorkbook wb = committeeWorkbook(admin)) {
            assertThat(counts(row(wb.getSheet("総括表"), "合計"))).containsExactly(40.0, 27.0, 5.0, 2.0, 6.0, 80.0);
            assertThat(texts(wb.getSheet("総括表"))).anyMatch(t -> t.startsWith("※ I-1-イ-3")
                    && t.contains("最終評価 対象外") && t.contains("事業の中止"));
        }

        // removal: the computed figures again, and the workbook without the note
        HttpResponse<String> removed = admin.post("/indicators/" + PLAN + "/" + segment(MILESTONE)
                + "/final-grade/remove",
                Map.of("_csrf", admin.token(), "fy", "2025"));
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(removed.headers().firstValue("Location"))
                .hasValue("/indicators/" + PLAN + "/" + segment(MILESTONE) + "?fy=2025#final-grades");
        assertThat(summaryCsv()).isEqualTo(COMPUTED_SUMMARY);
        assertThat(statusCsv().get(MILESTONE).get("final_grade")).isEmpty();
        try (XSSFWorkbook wb = committeeWorkbook(admin)) {
            assertThat(counts(row(wb.getSheet("総括表"), "合計"))).containsExactly(41.0, 27.0, 6.0, 2.0, 6.0, 80.5);
            assertThat(texts(wb.getSheet("総括表"))).noneMatch(t -> t.startsWith("※ I-1-イ-3"));
        }
        assertThat(Sql.count(server.database(), "select count(*) from grade_override")).isZero();

        List<Map<String, Object>> audit = Sql.rows(server.database(), "select action, actor, actor_role, plan_code, "
                + "fiscal_year, indicator_code, before_state->>'final_grade' as before_final, "
                + "after_state->>'final_grade' as after_final, before_state->>'computed_grade' as before_computed, "
                + "after_state->>'reason' as after_reason from audit_log "
                + "where action in ('grade_overridden', 'grade_override_removed') and indicator_code = ? order by audit_id", MILESTONE);
        assertThat(audit).extracting(a -> a.get("action")).containsExactly("grade_overridden", "grade_overridden",
                "grade_override_removed");
        assertThat(audit).allSatisfy(a -> {
            assertThat(a.get("actor")).isEqualTo("admin");
            assertThat(a.get("actor_role")).isEqualTo("admin");
            assertThat(a.get("indicator_code")).isEqualTo(MILESTONE);
            assertThat(a.get("fiscal_year")).isEqualTo(2025);
            assertThat(a.get("before_computed")).isEqualTo("概ね達成");
        });
        assertThat(audit.get(0).get("before_final")).isNull();
        assertThat(audit.get(0).get("after_final")).isEqualTo("達成");
        assertThat(audit.get(0).get("after_reason")).isEqualTo(REASON);
        assertThat(audit.get(1).get("before_final")).isEqualTo("達成");
        assertThat(audit.get(1).get("after_final")).isEqualTo("対象外");
        assertThat(audit.get(2).get("before_final")).isEqualTo("対象外");
        assertThat(audit.get(2).get("after_final")).isNull();
        assertThat(admin.get("/audit").body()).contains("最終評価の設定", "最終評価の取消し");
    }

    @Test
    @Order(2)
    void onlyTheDivisionWithTheSessionsTokenAndAReasonChangesAFinalGrade() {
        String target = "I-1-ア-1";
        for (String login : List.of("iin", "shokuin", "zaisei")) {
            ConsoleClient other = new ConsoleClient(server).signIn(login);
            HttpResponse<String> refused = setFinalGrade(other, target, "2025", "達成", "権限のない者による設定");
            assertThat(refused.statusCode()).as(login).isEqualTo(403);
            assertThat(other.post("/indicators/" + PLAN + "/" + segment(target) + "/final-grade/remove",
                    Map.of("_csrf", other.token(), "fy", "2025")).statusCode()).as(login).isEqualTo(403);
        }
        // the owner's department user does not see the form either
        assertThat(new ConsoleClient(server).signIn("shokuin").get("/indicators/" + PLAN + "/" + segment(target))
                .body())
                .doesNotContain("最終評価を設定する", "取り消す");
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'action_refused' "
                + "and indicator_code = ?", target)).isEqualTo(6);

        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        HttpResponse<String> noReason = setFinalGrade(admin, target, "2025", "達成", "   ");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("最終評価の理由を入力してください");
        HttpResponse<String> badGrade = setFinalGrade(admin, target, "2025", "大変よい", REASON);
        assertThat(badGrade.statusCode()).isEqualTo(400);
        assertThat(badGrade.body()).contains("最終評価「大変よい」は選べません");
        HttpResponse<String> noTarget = setFinalGrade(admin, "I-3-ウ-2", "2026", "達成", REASON);
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(noTarget.body()).contains("目標が設定されていないため");
        HttpResponse<String> nothingToRemove = admin.post("/indicators/" + PLAN + "/" + segment(target)
                + "/final-grade/remove", Map.of("_csrf", admin.token(), "fy", "2025"));
        assertThat(nothingToRemove.statusCode()).as("nothing to remove: a second click's conflict").isEqualTo(409);
        assertThat(nothingToRemove.body()).contains("最終評価が設定されていません");

        HttpResponse<String> noToken = admin.post("/indicators/" + PLAN + "/" + segment(target) + "/final-grade",
                Map.of("fy", "2025", "final_grade", "達成", "reason", REASON));
        HttpResponse<String> wrongToken = admin.post("/indicators/" + PLAN + "/" + segment(target) + "/final-grade",
                Map.of("_csrf", "forged", "fy", "2025", "final_grade", "達成", "reason", REASON));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);

        assertThat(Sql.count(server.database(), "select count(*) from grade_override where indicator_code in (?, ?)",
                target, "I-3-ウ-2")).isZero();
        assertThat(Sql.count(server.database(), "select count(*) from audit_log "
                + "where action in ('grade_overridden', 'grade_override_removed') and indicator_code in (?, ?)", target, "I-3-ウ-2")).isZero();
    }

    @Test
    @Order(3)
    void aTwoLevelPlanHasNoMostlyAchieved() throws Exception {
        // a plan graded ○|×: 概ね達成 is not one of its grades, on the form or by a request made by hand
        GradeOverrides overrides = new GradeOverrides(server.database());
        GradeOverrides.Actor actor = new GradeOverrides.Actor("admin", "admin", "127.0.0.1");
        try (var c = server.database().connect(); var st = c.createStatement()) {
            st.execute("update plan set grade_labels = '{○,×}' where plan_code = '" + PLAN + "'");
        }
        try {
            assertThatThrownBy(() -> overrides.set(actor, PLAN, "I-1-ウ-1", 2025, "概ね達成", REASON))
                    .isInstanceOf(GradeOverrides.Refused.class).hasMessageContaining("概ね達成は設定できません");
            assertThat(Sql.count(server.database(), "select count(*) from grade_override")).isZero();
        } finally {
            try (var c = server.database().connect(); var st = c.createStatement()) {
                st.execute("update plan set grade_labels = '{達成,概ね達成,未達成}' where plan_code = '" + PLAN + "'");
            }
        }
        assertThat(ConsolePages.finalGradeChoices(new jp.reform.collector.master.Plan(PLAN, "市", "計画", 2024, 2026,
                null, null, null, null, "rate", List.of("○", "×")))).extracting(GradeOverrides.Choice::word)
                .containsExactly("○", "×", "対象外");
    }

    @Test
    @Order(3)
    void aThreeLevelPlanOffersItsThreeGradesAndNothingElse() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String path = "/indicators/" + PLAN + "/" + segment(MILESTONE);
        String form = admin.get(path + "?fy=2025").body();
        form = form.substring(form.indexOf("name=\"final_grade\""));
        form = form.substring(0, form.indexOf("</select>"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<option value=\"([^\"]*)\"").matcher(form);
        List<String> offered = new ArrayList<>();
        while (m.find()) {
            offered.add(m.group(1));
        }
        assertThat(offered).containsExactly("達成", "概ね達成", "未達成", "対象外");
        assertThat(admin.get("/api" + path).body())
                .contains("\"finalGradeChoices\":[\"達成\",\"概ね達成\",\"未達成\",\"対象外\"]");
    }

    @Test
    @Order(3)
    void theFormOffersTheYearThePageShowsNotTheOldestYear() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String path = "/indicators/" + PLAN + "/" + segment(MILESTONE);
        for (String fy : List.of("2025", "2026")) {
            assertThat(selectedYears(admin.get(path + "?fy=" + fy).body())).as(fy).containsExactly(fy);
        }
        // without a year: the round being collected (config/rounds.csv: FY2025), as the board shows it
        assertThat(selectedYears(admin.get(path).body())).containsExactly("2025");
    }

    @Test
    @Order(3)
    void aFinalGradeAnotherAdminSetOrRemovedAfterThePageWasShownIsNotReplacedUnseen() {
        String path = "/indicators/" + PLAN + "/" + segment("I-2-ア-1");
        ConsoleClient first = new ConsoleClient(server).signIn("admin");
        ConsoleClient second = new ConsoleClient(server).signIn("admin");
        String firstPage = first.get(path + "?fy=2025").body();
        String none = shown(firstPage, "2025");
        assertThat(none).isEqualTo("none");
        assertThat(second.post(path + "/final-grade", Map.of("_csrf", second.token(), "fy", "2025",
                "shown_2025", shown(second.get(path + "?fy=2025").body(), "2025"), "final_grade", "達成",
                "reason", "委員会で達成と判断")).statusCode()).isEqualTo(303);

        HttpResponse<String> stale = first.post(path + "/final-grade", Map.of("_csrf", first.token(), "fy", "2025",
                "shown_2025", none, "final_grade", "未達成", "reason", "別の判断"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("画面の内容が古くなっています",
                "この画面を開いた後に、指標「I-2-ア-1」の令和7年度の最終評価が変更されました",
                "「達成」に設定", "画面を更新して確認してから");
        assertThat(Sql.one(server.database(), "select final_grade from grade_override where indicator_code = 'I-2-ア-1'"))
                .containsEntry("final_grade", "達成");

        // the page opened again carries the grade it shows: removing it from there stands, and from the stale one not
        String reopened = first.get(path + "?fy=2025").body();
        String set = shown(reopened, "2025");
        assertThat(set).isNotEqualTo("none");
        assertThat(first.post(path + "/final-grade/remove", Map.of("_csrf", first.token(), "fy", "2025",
                "shown_2025", set)).statusCode()).isEqualTo(303);
        assertThat(Sql.count(server.database(), "select count(*) from grade_override where indicator_code = 'I-2-ア-1'"))
                .isZero();
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where indicator_code = 'I-2-ア-1'"
                + " and action in ('grade_overridden', 'grade_override_removed')")).isEqualTo(2);
    }

    /** The value of the page's first field shown_&lt;fy&gt;. */
    private static String shown(String page, String fy) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"shown_" + fy + "\"[^>]*value=\"([^\"]*)\"")
                .matcher(page);
        assertThat(m.find()).as("the page carries the final grade of %s it shows", fy).isTrue();
        return m.group(1);
    }

    /** The years preselected in the final-grade form's year choice. */
    private static List<String> selectedYears(String page) {
        String form = page.substring(page.indexOf("id=\"final-grade-form\""));
        String select = form.substring(form.indexOf("<select name=\"fy\">"), form.indexOf("</select>"));
        List<String> years = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<option value=\"(\\d+)\"([^>]*)>").matcher(select);
        while (m.find()) {
            if (m.group(2).contains("selected")) {
                years.add(m.group(1));
            }
        }
        return years;
    }

    /** Last: the new file changes the sample's computed figures for good. */
    @Test
    @Order(4)
    void aNewFileReGradesBesideTheFinalGradeWhichStaysUntilRemovedAndItsReasonIsShownAsText() throws Exception {
        String target = "I-1-ウ-1"; // 29 / 28件: 達成
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String script = "<script>alert('x')</script>";
        assertThat(setFinalGrade(admin, target, "2025", "達成", "再集計前の値で確定 " + script).statusCode())
                .isEqualTo(303);
        String page = admin.get("/indicators/" + PLAN + "/" + segment(target)).body();
        assertThat(page).doesNotContain(script).contains("&lt;script&gt;")
                .doesNotContain("設定後に新しい実績が届いています");

        // 職員課 sends a corrected value: 20 / 28件 = 71%, computed 未達成; the final grade still counts
        DepartmentFiles.csv(server.inbox().resolve("職員課").resolve("訂正.csv"), StandardCharsets.UTF_8, true, ",",
                DepartmentFiles.HEADER, List.of(List.of(target, "2025", "20", "", "", "", "")));
        server.awaitArchived(8);
        Map<String, CSVRecord> status = statusCsv();
        for (int i = 0; i < 50 && !"未達成".equals(status.get(target).get("grade")); i++) {
            Thread.sleep(100); // archived just before the load's transaction commits
            status = statusCsv();
        }
        assertThat(status.get(target).get("grade")).isEqualTo("未達成");
        assertThat(status.get(target).get("final_grade")).isEqualTo("達成");
        assertThat(summaryCsv()).isEqualTo(COMPUTED_SUMMARY);
        assertThat(admin.get("/indicators/" + PLAN + "/" + segment(target)).body())
                .contains("設定後に新しい実績が届いています");

        assertThat(admin.post("/indicators/" + PLAN + "/" + segment(target) + "/final-grade/remove",
                Map.of("_csrf", admin.token(), "fy", "2025")).statusCode()).isEqualTo(303);
        assertThat(summaryCsv()).startsWith("""
                goal,set,achieved,mostly,not_achieved,mostly_rate
                I,21,14,2,2,76.2
                """).endsWith("total,41,26,6,3,78.0\n");
    }

    private static String summaryCsv() {
        Cli.Run run = Cli.run("summary", "--plan", PLAN, "--fy", "2025", "--format", "csv", "--db-url", server.dbUrl());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    private static Map<String, CSVRecord> statusCsv() throws IOException {
        Cli.Run run = Cli.run("status", "--plan", PLAN, "--fy", "2025", "--format", "csv", "--db-url", server.dbUrl());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("indicator_code,department,target,actual,rate,grade,flags,grade_label,final_grade\n");
        Map<String, CSVRecord> rows = new LinkedHashMap<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(run.out()))) {
            rows.put(r.get("indicator_code"), r);
        }
        return rows;
    }

    /** The first row of a sheet whose first cell starts with the text. */
    private static Row row(Sheet sheet, String start) {
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING && first.getStringCellValue().startsWith(start)) {
                return row;
            }
        }
        throw new AssertionError("no row starting with " + start + " in " + sheet.getSheetName());
    }

    /** 設定項目, 達成, 概ね達成, 未達成, 未提出, 概ね達成率 of a row of the committee's table. */
    private static List<Double> counts(Row row) {
        List<Double> counts = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            counts.add(row.getCell(i).getNumericCellValue());
        }
        return counts;
    }

    private static List<String> texts(Sheet sheet) {
        List<String> texts = new ArrayList<>();
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.STRING) {
                    texts.add(cell.getStringCellValue());
                }
            }
        }
        return texts;
    }

    private static HttpResponse<String> setFinalGrade(ConsoleClient user, String indicator, String fy, String grade,
                                                      String reason) {
        return user.post("/indicators/" + PLAN + "/" + segment(indicator) + "/final-grade",
                Map.of("_csrf", user.token(), "fy", fy, "final_grade", grade, "reason", reason));
    }

    private static XSSFWorkbook committeeWorkbook(ConsoleClient user) throws IOException {
        HttpResponse<byte[]> response = user.download("/downloads/committee-workbook?plan=" + PLAN + "&fy=2025");
        assertThat(response.statusCode()).isEqualTo(200);
        return new XSSFWorkbook(new ByteArrayInputStream(response.body()));
    }
}
