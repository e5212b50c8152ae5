package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API carries what the pages show of the division's review (確認状況), of the committee's final
 * grades and of the round (提出期限, 締切), over real HTTP, after a 差し戻し, a final grade and the round's closing
 * done on the console; a department user reads its own 課 only, and names only where its pages show them.
 */
class ConsoleApiTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String FY = "2025";
    /** 職員課's milestone, computed 概ね達成 from the sample inbox. */
    private static final String MILESTONE = "I-1-イ-3";
    private static final String SENT_BACK = "I-1-ア-1";
    private static final String COMMENT = "I-1-ア-1 の実績値を見直してください。<b>至急</b>";
    private static final String OTHER_COMMENT = "行政総務課あて：報告全体を見直してください。";
    private static final String REASON = "第3回委員会で、効果検証を予定どおり終えたことから達成と判断";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static LocalDate due;
    private static Instant closedFrom;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> { });
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        due = jp.reform.collector.support.WorkingDays.about(10);
        HttpResponse<String> sentBack = admin.post("/departments/" + segment("職員課") + "/review", List.of(
                Map.entry("_csrf", admin.token()), Map.entry("plan", PLAN), Map.entry("fy", FY),
                Map.entry("action", "send_back"), Map.entry("comment", COMMENT), Map.entry("indicator", SENT_BACK),
                Map.entry("due", due.toString())));
        assertThat(sentBack.statusCode()).isEqualTo(303);
        HttpResponse<String> otherSentBack = admin.post("/departments/" + segment("行政総務課") + "/review", List.of(
                Map.entry("_csrf", admin.token()), Map.entry("plan", PLAN), Map.entry("fy", FY),
                Map.entry("action", "send_back"), Map.entry("comment", OTHER_COMMENT), Map.entry("due", due.toString())));
        assertThat(otherSentBack.statusCode()).isEqualTo(303);
        HttpResponse<String> finalGrade = admin.post("/indicators/" + PLAN + "/" + segment(MILESTONE) + "/final-grade",
                Map.of("_csrf", admin.token(), "fy", FY, "final_grade", "達成", "reason", REASON));
        assertThat(finalGrade.statusCode()).isEqualTo(303);
        closedFrom = Instant.now();
        HttpResponse<String> close = admin.post("/rounds/close", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", FY, "acknowledged", "yes"));
        assertThat(close.statusCode()).isEqualTo(303);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theIndicatorPageSaysItWaitsForACorrectionAsThe課PageDoes() {
        for (String login : List.of("admin", "iin", "shokuin")) {
            String page = new ConsoleClient(server).signIn(login).get("/indicators/" + PLAN + "/" + segment(SENT_BACK))
                    .body();
            assertThat(page).as(login).contains("令和7年度（2025年度）：職員課 に修正をお願いしています（差し戻し中）",
                    "修正の期限 " + due.format(java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd")),
                    "I-1-ア-1 の実績値を見直してください。&lt;b&gt;至急&lt;/b&gt;").doesNotContain("<b>至急</b>");
        }
        // another of 職員課's indicators, not sent back
        assertThat(new ConsoleClient(server).signIn("admin").get("/indicators/" + PLAN + "/" + segment("I-1-ア-2"))
                .body()).doesNotContain("差し戻し中");
    }

    @Test
    void theBoardGivesEachDepartmentsReviewStateAndTheFinalGrades() throws Exception {
        JsonNode board = json(new ConsoleClient(server).signIn("iin"), "/api/board?plan=" + PLAN + "&fy=" + FY);

        // the committee table's total row is titled as a total, not with one goal's title
        JsonNode total = row(board.get("committee"), "goalCode", "total");
        assertThat(total.get("goalTitle").asText()).isEqualTo("合計");
        assertThat(total.get("set").asInt()).isEqualTo(41);

        JsonNode shokuin = row(board.get("departments"), "department", "職員課");
        assertThat(shokuin.get("review").get("state").asText()).isEqualTo("sent_back");
        assertThat(shokuin.get("review").get("label").asText()).isEqualTo("差し戻し");
        JsonNode latest = shokuin.get("review").get("latest");
        assertThat(latest.get("comment").asText()).isEqualTo(COMMENT);
        assertThat(texts(latest.get("indicatorCodes"))).containsExactly(SENT_BACK);
        assertThat(latest.get("correctionDue").asText()).isEqualTo(due.toString());
        assertThat(latest.get("actor").asText()).isEqualTo("admin");
        // 財政課's only file was rejected: nothing submitted, nothing reviewed
        JsonNode zaisei = row(board.get("departments"), "department", "財政課");
        assertThat(zaisei.get("review").get("state").asText()).isEqualTo("not_submitted");
        assertThat(zaisei.get("review").get("label").asText()).isEqualTo("未提出");
        assertThat(zaisei.get("review").get("latest").isNull()).isTrue();
        // a department with an accepted file and no review action
        assertThat(board.get("departments").findValuesAsText("state")).contains("submitted");

        JsonNode note = row(board.get("finalGrades"), "indicatorCode", MILESTONE);
        assertThat(note.get("computedGrade").asText()).isEqualTo("概ね達成");
        assertThat(note.get("finalGrade").asText()).isEqualTo("達成");
        assertThat(note.get("reason").asText()).isEqualTo(REASON);
        // the committee's table counts it, as on the page
        assertThat(row(board.get("committee"), "goalCode", "total").get("achieved").asInt()).isEqualTo(28);
    }

    @Test
    void theDepartmentGivesItsReviewHistoryAndEachIndicatorsFinalGrade() throws Exception {
        JsonNode page = json(new ConsoleClient(server).signIn("shokuin"), "/api/departments/" + segment("職員課")
                + "?plan=" + PLAN + "&fy=" + FY);

        assertThat(page.get("review").get("state").asText()).isEqualTo("sent_back");
        assertThat(page.get("review").get("latest").get("comment").asText()).isEqualTo(COMMENT);
        // the department's page names the division, not the person
        assertThat(page.get("review").get("latest").get("actor").isNull()).isTrue();
        assertThat(page.get("reviewHistory")).hasSize(1);
        assertThat(page.get("reviewHistory").get(0).get("state").asText()).isEqualTo("sent_back");

        JsonNode milestone = row(page.get("indicators"), "indicatorCode", MILESTONE);
        assertThat(milestone.get("grade").asText()).as("computed grade kept").isEqualTo("概ね達成");
        assertThat(milestone.get("finalGrade").asText()).isEqualTo("達成");
        assertThat(milestone.get("overrideReason").asText()).isEqualTo(REASON);
        assertThat(milestone.get("countedGrade").asText()).isEqualTo("達成");
        assertThat(milestone.get("sentBack").asBoolean()).isFalse();
        JsonNode sentBack = row(page.get("indicators"), "indicatorCode", SENT_BACK);
        assertThat(sentBack.get("sentBack").asBoolean()).isTrue();
        assertThat(sentBack.get("finalGrade").isNull()).isTrue();
        assertThat(sentBack.get("countedGrade").asText()).isEqualTo(sentBack.get("grade").asText());
    }

    @Test
    void theIndicatorGivesTheFinalGradeOfEachYear() throws Exception {
        JsonNode page = json(new ConsoleClient(server).signIn("admin"), "/api/indicators/" + PLAN + "/"
                + segment(MILESTONE));

        JsonNode year = row(page.get("years"), "fiscalYear", FY);
        assertThat(year.get("grade").asText()).isEqualTo("概ね達成");
        assertThat(year.get("finalGrade").asText()).isEqualTo("達成");
        assertThat(year.get("overrideReason").asText()).isEqualTo(REASON);
        assertThat(year.get("countedGrade").asText()).isEqualTo("達成");
        assertThat(row(page.get("years"), "fiscalYear", "2024").get("finalGrade").isNull()).isTrue();
        assertThat(page.get("finalGrades")).hasSize(1);
        JsonNode set = page.get("finalGrades").get(0);
        assertThat(set.get("fiscalYear").asInt()).isEqualTo(2025);
        assertThat(set.get("setBy").asText()).isEqualTo("admin");
        assertThat(set.get("newerResult").asBoolean()).isFalse();
    }

    @Test
    void aFinalGradeNamesWhoSetItToTheDivisionAndTheCommitteeButNotToThe課() throws Exception {
        String api = "/api/indicators/" + PLAN + "/" + segment(MILESTONE);
        String page = "/indicators/" + PLAN + "/" + segment(MILESTONE);
        for (String login : List.of("admin", "iin")) {
            ConsoleClient user = new ConsoleClient(server).signIn(login);
            assertThat(json(user, api).get("finalGrades").get(0).get("setBy").asText()).as(login).isEqualTo("admin");
            assertThat(finalGradeList(user.get(page).body())).as(login).contains("<td>行政経営課 管理者</td>");
        }

        // 職員課 reads its indicator's final grade, its reason and when, set by the division: no admin named
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        HttpResponse<String> own = shokuin.get(api);
        assertThat(own.statusCode()).isEqualTo(200);
        JsonNode set = JSON.readTree(own.body()).get("finalGrades").get(0);
        assertThat(set.get("finalGrade").asText()).isEqualTo("達成");
        assertThat(set.get("reason").asText()).isEqualTo(REASON);
        assertThat(set.get("setAt").isNull()).isFalse();
        assertThat(set.get("setBy").isNull()).isTrue();
        assertThat(own.body()).doesNotContain("行政経営課 管理者", "\"setBy\":\"admin\"");
        String list = finalGradeList(shokuin.get(page).body());
        assertThat(list).contains("達成※", REASON, "<td>行政経営課</td>").doesNotContain("行政経営課 管理者", ">admin<");
    }

    /** The indicator page's list of final grades. */
    private static String finalGradeList(String page) {
        String list = page.substring(page.indexOf("<table id=\"final-grade-list\">"));
        return list.substring(0, list.indexOf("</table>"));
    }

    @Test
    void aDepartmentUserReadsNoOtherDepartmentsReviewOrFinalGrade() throws Exception {
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");
        for (String other : List.of("/api/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=" + FY,
                "/api/indicators/" + PLAN + "/" + segment(MILESTONE))) {
            HttpResponse<String> refused = zaisei.get(other);
            assertThat(refused.statusCode()).as(other).isEqualTo(403);
            assertThat(refused.body()).as(other).doesNotContain(COMMENT, REASON, "sent_back", "達成");
        }
        HttpResponse<String> board = zaisei.get("/api/board?plan=" + PLAN + "&fy=" + FY);
        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(board.body()).doesNotContain("職員課", COMMENT, REASON, MILESTONE);
        JsonNode rows = JSON.readTree(board.body()).get("departments");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("department").asText()).isEqualTo("財政課");
        assertThat(rows.get(0).get("review").get("state").asText()).isEqualTo("not_submitted");
        assertThat(JSON.readTree(board.body()).get("finalGrades")).isEmpty();
        // nor the committee's plan-wide table, which counts every 課's grades (its board page leaves it out too)
        assertThat(JSON.readTree(board.body()).get("committee")).isEmpty();
        assertThat(json(new ConsoleClient(server).signIn("admin"), "/api/board?plan=" + PLAN + "&fy=" + FY)
                .get("committee")).isNotEmpty();
        // its own 課 it reads, with its review state
        JsonNode own = json(zaisei, "/api/departments/" + segment("財政課") + "?plan=" + PLAN + "&fy=" + FY);
        assertThat(own.get("review").get("state").asText()).isEqualTo("not_submitted");
        assertThat(own.get("reviewHistory")).isEmpty();
    }

    @Test
    void theBoardAndTheDepartmentSayTheRoundIsClosedAndItsDeadline() throws Exception {
        String board = "/api/board?plan=" + PLAN + "&fy=" + FY;
        String department = "/api/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=" + FY;
        // config/rounds.csv: opens 2026-05-01, deadline Tuesday 2026-06-30
        long daysLeft = ChronoUnit.DAYS.between(LocalDate.now(ZoneId.of("Asia/Tokyo")), LocalDate.of(2026, 6, 30));
        for (String login : List.of("admin", "iin", "shokuin")) {
            ConsoleClient user = new ConsoleClient(server).signIn(login);
            for (String path : List.of(board, department)) {
                JsonNode page = json(user, path);
                String as = login + " " + path;
                assertThat(page.get("closed").asBoolean()).as(as).isTrue();
                JsonNode deadline = page.get("deadline");
                assertThat(deadline.get("opens").asText()).as(as).isEqualTo("2026-05-01");
                assertThat(deadline.get("written").asText()).as(as).isEqualTo("2026-06-30");
                assertThat(deadline.get("effective").asText()).as(as).isEqualTo("2026-06-30");
                assertThat(deadline.get("daysLeft").asLong()).as(as).isEqualTo(daysLeft);
                if (login.equals("shokuin")) {
                    // a 課's page says 締切, not when or by whom
                    assertThat(page.get("closedAt").isNull()).as(as).isTrue();
                } else {
                    assertThat(Instant.parse(page.get("closedAt").asText())).as(as)
                            .isBetween(closedFrom.minusSeconds(1), Instant.now());
                }
                // only the division's 締切・保留 page names who closed the round
                if (login.equals("admin")) {
                    assertThat(page.get("closedBy").asText()).as(as).isEqualTo("admin");
                } else {
                    assertThat(page.get("closedBy").isNull()).as(as).isTrue();
                }
            }
        }
        // another year of the plan is open
        JsonNode open = json(new ConsoleClient(server).signIn("admin"), "/api/board?plan=" + PLAN + "&fy=2026");
        assertThat(open.get("closed").asBoolean()).isFalse();
        assertThat(open.get("closedAt").isNull()).isTrue();
        assertThat(open.get("closedBy").isNull()).isTrue();
        assertThat(open.get("deadline").isNull()).as("no round for 2026 in rounds.csv").isTrue();
    }

    @Test
    void theIndicatorGivesTheReviewOfItsDepartmentInTheRound() throws Exception {
        String sentBack = "/api/indicators/" + PLAN + "/" + segment(SENT_BACK) + "?fy=" + FY;
        JsonNode admin = json(new ConsoleClient(server).signIn("admin"), sentBack).get("review");
        assertThat(admin.get("fiscalYear").asInt()).isEqualTo(2025);
        assertThat(admin.get("departments")).hasSize(1);
        JsonNode shokuin = row(admin.get("departments"), "department", "職員課");
        assertThat(shokuin.get("state").asText()).isEqualTo("sent_back");
        assertThat(shokuin.get("label").asText()).isEqualTo("差し戻し");
        assertThat(shokuin.get("sentBack").asBoolean()).as("this indicator awaits its correction").isTrue();
        assertThat(shokuin.get("latest").get("comment").asText()).isEqualTo(COMMENT);
        assertThat(shokuin.get("latest").get("correctionDue").asText()).isEqualTo(due.toString());
        assertThat(shokuin.get("latest").get("actor").asText()).isEqualTo("admin");
        // the committee members see who sent back, as on the 課's page
        JsonNode viewer = json(new ConsoleClient(server).signIn("iin"), sentBack).get("review");
        assertThat(row(viewer.get("departments"), "department", "職員課").get("latest").get("actor").asText())
                .isEqualTo("admin");
        // the 課 itself: its state and the flag, the division named instead of the person
        JsonNode own = json(new ConsoleClient(server).signIn("shokuin"), sentBack).get("review");
        JsonNode ownRow = row(own.get("departments"), "department", "職員課");
        assertThat(ownRow.get("sentBack").asBoolean()).isTrue();
        assertThat(ownRow.get("latest").get("actor").isNull()).isTrue();

        // another indicator of the same 課: the 課 is sent back, this indicator is not
        JsonNode milestone = json(new ConsoleClient(server).signIn("admin"), "/api/indicators/" + PLAN + "/"
                + segment(MILESTONE) + "?fy=" + FY).get("review");
        JsonNode milestoneRow = row(milestone.get("departments"), "department", "職員課");
        assertThat(milestoneRow.get("state").asText()).isEqualTo("sent_back");
        assertThat(milestoneRow.get("sentBack").asBoolean()).isFalse();
    }

    @Test
    void aSharedIndicatorGivesADepartmentUserItsOwnReviewOnly() throws Exception {
        // I-2-イ-2 belongs to 行政総務課 and 職員課
        String shared = "/api/indicators/" + PLAN + "/" + segment("I-2-イ-2") + "?fy=" + FY;
        JsonNode admin = json(new ConsoleClient(server).signIn("admin"), shared).get("review").get("departments");
        assertThat(admin.findValuesAsText("department")).containsExactlyInAnyOrder("行政総務課", "職員課");
        assertThat(row(admin, "department", "職員課").get("state").asText()).isEqualTo("sent_back");
        assertThat(row(admin, "department", "職員課").get("sentBack").asBoolean()).isFalse();
        assertThat(row(admin, "department", "行政総務課").get("state").asText()).isEqualTo("sent_back");
        assertThat(row(admin, "department", "行政総務課").get("latest").get("comment").asText()).isEqualTo(OTHER_COMMENT);

        HttpResponse<String> own = new ConsoleClient(server).signIn("shokuin").get(shared);
        assertThat(own.statusCode()).isEqualTo(200);
        JsonNode departments = JSON.readTree(own.body()).get("review").get("departments");
        assertThat(departments.findValuesAsText("department")).containsExactly("職員課");
        assertThat(own.body()).doesNotContain(OTHER_COMMENT);
        // not its indicator: nothing of it, the review included
        HttpResponse<String> other = new ConsoleClient(server).signIn("zaisei").get(shared);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).doesNotContain("sent_back", COMMENT);
    }

    @Test
    void numbersAreWrittenAsPlainDecimalsNotInScientificNotation() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        java.util.regex.Pattern exponent = java.util.regex.Pattern.compile("[:,\\[]-?[0-9.]+[eE][+-]?[0-9]");
        for (String path : List.of("/api/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=" + FY,
                "/api/board?plan=" + PLAN + "&fy=" + FY, "/api/indicators/" + PLAN + "/" + segment("I-1-ア-1"))) {
            String body = admin.get(path).body();
            assertThat(exponent.matcher(body).find()).as(path + ": " + body).isFalse();
        }
        // 職員課's targets of 100 (%), met exactly: 100 and 100 percent
        String department = admin.get("/api/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=" + FY).body();
        assertThat(department).contains("\"targetValue\":100,", "\"ratePercent\":100,");
    }

    private static JsonNode json(ConsoleClient user, String path) throws Exception {
        HttpResponse<String> response = user.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        return JSON.readTree(response.body());
    }

    private static JsonNode row(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (row.path(field).asText().equals(value)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + " " + value + " in " + rows);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
