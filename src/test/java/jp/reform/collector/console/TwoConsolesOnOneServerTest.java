package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors, each with its own home and console, on one PostgreSQL server and database: a review taken on
 * one is seen on the other at once, a round closed on one is closed on the other, and two admins clicking 「反映する」 on the same held file at the same moment,
 * one on each console, give one acceptance (its result versions added once, one mail) and one 「既に処理されています」.
 */
class TwoConsolesOnOneServerTest {

    @TempDir
    Path dir;

    @Test
    void aHeldChangeIsAcceptedOnceWhenTwoAdminsClickOnTwoInstances() throws Exception {
        String database = TestDatabase.freshUrl();
        try (ConsoleServer one = ConsoleServer.start(dir.resolve("one"), inbox -> { }, database);
             ConsoleServer two = ConsoleServer.start(dir.resolve("two"), inbox -> { }, database)) {
            ConsoleClient first = new ConsoleClient(one).signIn("admin");
            ConsoleClient second = new ConsoleClient(two).signIn("admin");

            assertThat(first.post("/rounds/close", Map.of("_csrf", first.token(), "plan", "atsugi-7-2", "fy", "2025",
                    "acknowledged", "yes"))
                    .statusCode()).isEqualTo(303);
            assertThat(second.get("/rounds?plan=atsugi-7-2&fy=2025").body()).contains("行政経営課 管理者 さんが締め切りました");

            DepartmentFiles.xlsx(one.inbox().resolve("職員課").resolve("職員課_修正.xlsx"), "令和7年度 実績報告（職員課）",
                    DepartmentFiles.HEADER, List.of(List.of("I-3-ア-3", 2025, "90%", "面談を実施", "", "", "")));
            one.awaitArchived(8);
            long id = (Long) Sql.one(one.database(), "select submission_id from submission where status = 'held'")
                    .get("submission_id");
            long results = Sql.count(one.database(), "select count(*) from result");

            List<HttpResponse<String>> answers = ConsoleClient.postAtOnce("/pending/" + id + "/accept",
                    List.of(first, second), List.of(Map.of("_csrf", first.token(), "plan", "atsugi-7-2", "fy", "2025"),
                            Map.of("_csrf", second.token(), "plan", "atsugi-7-2", "fy", "2025")));

            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(303, 409);
            assertThat(answers).filteredOn(a -> a.statusCode() == 409)
                    .allSatisfy(a -> assertThat(a.body()).contains("既に処理されています"));
            assertThat(Sql.count(one.database(), "select count(*) from result")).isEqualTo(results + 1);
            assertThat(Sql.count(one.database(), "select count(*) from result where submission_id = ?", id)).isEqualTo(1);
            assertThat(Sql.count(one.database(), "select count(*) from audit_log where action = 'pending_accepted'"))
                    .isEqualTo(1);
            assertThat(Sql.count(one.database(), "select count(*) from outbox_mail where dedup_key = 'decision/' || "
                    + "(select receipt_no from submission where submission_id = ?)", id)).isEqualTo(1);
        }
    }

    @Test
    void aReviewTakenOnOneInstanceIsSeenOnTheOtherAtOnce() throws Exception {
        String database = TestDatabase.freshUrl();
        try (ConsoleServer one = ConsoleServer.start(dir.resolve("one"), inbox -> { }, database);
             ConsoleServer two = ConsoleServer.start(dir.resolve("two"), inbox -> { }, database)) {
            ConsoleClient first = new ConsoleClient(one).signIn("admin");
            ConsoleClient second = new ConsoleClient(two).signIn("admin");
            String page = "/departments/" + java.net.URLEncoder.encode("財政課", java.nio.charset.StandardCharsets.UTF_8);
            String round = "?plan=atsugi-7-2&fy=2025";
            String comment = "I-2-ア-1 の実績値の単位（千円）をご確認ください。";

            assertThat(first.post(page + "/review", Map.of("_csrf", first.token(), "plan", "atsugi-7-2", "fy", "2025",
                    "action", "send_back", "comment", comment,
                    "due", jp.reform.collector.support.WorkingDays.about(7).toString()))
                    .statusCode()).isEqualTo(303);
            // the other instance has no copy of the state: its pages read it from the database at once
            assertThat(second.get(page + round).body()).contains("差し戻し", comment);
            assertThat(second.get("/board" + round).body()).contains("差し戻し");

            assertThat(second.post(page + "/review", Map.of("_csrf", second.token(), "plan", "atsugi-7-2", "fy", "2025",
                    "action", "confirm")).statusCode()).isEqualTo(303);
            assertThat(first.get(page + round).body()).contains("確認済み");
            assertThat(Sql.count(one.database(), "select count(*) from audit_log where action in "
                    + "('review_sent_back', 'review_confirmed') and department_name = '財政課'")).isEqualTo(2);
        }
    }

}
