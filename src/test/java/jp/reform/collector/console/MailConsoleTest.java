package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division sends again, on メール, a mail that failed once its cause is fixed, as IT staff did with outbox retry:
 * the page lists the mail that failed and the mail not known to have been sent, with why; a resend takes its box
 * ticked (for a mail perhaps delivered, the box says it did not arrive), is in the audit log, and the running serve
 * sends it. A mail sent already is not sent twice; 課 users may do none of it.
 */
class MailConsoleTest {

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

    /** A receipt mail of the samples left as the sender leaves one it could not send; returns its id. */
    private static long leftAs(String status, String error, int skip) {
        return ((Number) Sql.one(server.database(), "update outbox_mail set status = ?, attempts = 12, last_error = ? "
                + "where mail_id = (select mail_id from outbox_mail where kind = 'receipt' and status = 'sent' "
                + "order by mail_id offset ? limit 1) returning mail_id", status, error, skip).get("mail_id")).longValue();
    }

    private static String status(long id) {
        return (String) Sql.one(server.database(), "select status from outbox_mail where mail_id = ?", id).get("status");
    }

    @Test
    void theDivisionSendsAFailedMailAgainOnceItsCauseIsFixed() throws Exception {
        Await.until(() -> Sql.count(server.database(), "select count(*) from outbox_mail where kind = 'receipt' "
                + "and status = 'sent'") >= 3);
        long failed = leftAs("failed", "MailConnectException: Couldn't connect to host <smtp.city.example.jp>", 0);
        long unconfirmed = leftAs("unconfirmed", "送信中に処理が中断されました（vm/1）。届いたかどうか確認してください。", 0);
        long sent = (Long) Sql.one(server.database(), "select max(mail_id) as id from outbox_mail where status = 'sent'")
                .get("id");

        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get("/mail").body();
        assertThat(page).contains("data-mail=\"" + failed + "\"", "data-mail=\"" + unconfirmed + "\"", "送信失敗",
                "送信未確認", "Couldn&#39;t connect to host &lt;smtp.city.example.jp&gt;", "受付結果",
                "届いていないことを確認しました").doesNotContain("data-mail=\"" + sent + "\"");

        // only the division, and only with the box ticked
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");
        assertThat(zaisei.get("/mail").statusCode()).isEqualTo(403);
        assertThat(zaisei.post("/mail/" + failed + "/retry", Map.of("_csrf", zaisei.token(), "confirm", "yes"))
                .statusCode()).isEqualTo(403);
        HttpResponse<String> unticked = admin.post("/mail/" + failed + "/retry", Map.of("_csrf", admin.token()));
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(status(failed)).isEqualTo("failed");
        // a mail sent already is not sent again
        assertThat(admin.post("/mail/" + sent + "/retry", Map.of("_csrf", admin.token(), "confirm", "yes"))
                .statusCode()).isEqualTo(409);
        assertThat(admin.post("/mail/999999/retry", Map.of("_csrf", admin.token(), "confirm", "yes")).statusCode())
                .isEqualTo(409);

        HttpResponse<String> again = admin.post("/mail/" + failed + "/retry", Map.of("_csrf", admin.token(),
                "confirm", "yes"));
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(admin.get("/mail").body()).contains("を再送します。通常1分以内に送信します。")
                .doesNotContain("data-mail=\"" + failed + "\"");
        assertThat(admin.get("/mail").body()).doesNotContain("を再送します。"); // said once
        // the running serve sends it
        Await.until(() -> "sent".equals(status(failed)));
        assertThat(status(unconfirmed)).isEqualTo("unconfirmed");
        // a mail not known to have been sent goes again only from a form that showed it so (its box: it did not
        // arrive), not from one that showed it failed
        assertThat(admin.post("/mail/" + unconfirmed + "/retry", Map.of("_csrf", admin.token(), "confirm", "yes",
                "shown", "failed")).statusCode()).isEqualTo(409);
        assertThat(status(unconfirmed)).isEqualTo("unconfirmed");
        assertThat(admin.post("/mail/" + unconfirmed + "/retry", Map.of("_csrf", admin.token(), "confirm", "yes",
                "shown", "unconfirmed")).statusCode()).isEqualTo(303);
        Await.until(() -> "sent".equals(status(unconfirmed)));
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'mail_requeued' "
                + "and actor = 'admin' and (after_state ->> 'mail_id')::bigint = ?", failed)).isEqualTo(1);
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'mail_requeued'"))
                .isEqualTo(2);
        assertThat(admin.get("/audit").body()).contains("メールの再送", "種類：受付結果");
    }
}
