package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.csrf;
import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload received (rows in, receipt mail queued) whose original cannot then be archived in the 課's folder
 * (a full disk, no write permission): the user is shown the receipt, never an error page that would have them
 * upload it again, nor a link to an original the archive does not have; the upload is in the audit log, and the
 * division finds the file in the exception report.
 */
class UploadNotArchivedTest {

    @TempDir
    Path home;

    @Test
    void aReceivedUploadThatCannotBeArchivedShowsItsReceiptIsAuditedAndReported() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            server.awaitArchived(7);
            // nothing can be archived in 職員課's folder any more: a file stands where each archive folder was
            Path folder = server.inbox().resolve("職員課");
            for (String archive : List.of(".done", ".error")) {
                if (Files.exists(folder.resolve(archive))) {
                    Files.move(folder.resolve(archive), folder.resolve(archive + "-before"));
                }
                Files.writeString(folder.resolve(archive), "not a folder");
            }
            byte[] content = Files.readAllBytes(DepartmentFiles.csv(home.resolve("upload.csv"), StandardCharsets.UTF_8,
                    true, ",", DepartmentFiles.HEADER,
                    List.of(List.of("I-1-ア-2", "2025", "7", "画面から提出", "", "", "達成"))));
            ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
            String token = csrf(shokuin.get("/departments/" + segment("職員課")).body());

            HttpResponse<String> sent = shokuin.upload("/upload", Map.of("_csrf", token), "令和7年度実績.csv", content);

            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
            String receiptPage = sent.headers().firstValue("Location").orElseThrow();
            assertThat(receiptPage).matches("/submissions/\\d+/receipt");
            HttpResponse<String> receipt = shokuin.get(receiptPage);
            assertThat(receipt.statusCode()).isEqualTo(200);
            var db = server.database();
            Map<String, Object> submission = Sql.one(db, "select * from submission where channel = 'upload'");
            assertThat(submission).containsEntry("status", "accepted");
            assertThat(receipt.body()).contains("受付番号", submission.get("receipt_no").toString(),
                    "1件の実績を登録しました", "令和7年度実績.csv");
            // no link to an original that is not in the archive (it would answer 見つかりません)
            assertThat(receipt.body()).doesNotContain("原本をダウンロード", "/original");
            assertThat(shokuin.get("/submissions/" + submission.get("submission_id") + "/original").statusCode())
                    .isEqualTo(404);
            // nor in the list of submissions, nor beside the value on the indicator's page
            String original = "/submissions/" + submission.get("submission_id") + "/original";
            String list = shokuin.get("/submissions").body();
            assertThat(list).contains(submission.get("receipt_no").toString()).doesNotContain(original);
            assertThat(list).containsPattern("/submissions/\\d+/original"); // the 課's archived files still have theirs
            String indicator = shokuin.get("/indicators/atsugi-7-2/" + segment("I-1-ア-2") + "?fy=2025").body();
            assertThat(indicator).contains(submission.get("receipt_no").toString()).doesNotContain(original);
            assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt' and submission_id = ?",
                    submission.get("submission_id"))).isEqualTo(1);
            assertThat(Sql.one(db, "select after_state::text as after from audit_log where action = 'upload' and actor = 'shokuin'")
                    .get("after").toString()).contains(submission.get("receipt_no").toString(), "\"archived\": false");
            assertThat(Sql.one(db, "select kind, item_path from folder_refusal where submission_id = ?",
                    submission.get("submission_id"))).containsEntry("kind", "unarchivable")
                    .containsEntry("item_path", "職員課/令和7年度実績.csv（Web画面から提出されたファイル。元のファイルはサーバーの"
                            + "データフォルダ内 web-staging/kept/" + submission.get("receipt_no") + "_令和7年度実績.csv に保管しています）");
            // nothing else keeps the original: it waits, whole, where the report says
            assertThat(home.resolve("data/web-staging/kept/" + submission.get("receipt_no") + "_令和7年度実績.csv"))
                    .hasBinaryContent(content);
            try (var staged = Files.list(home.resolve("data/web-staging"))) {
                assertThat(staged).as("nothing else of the upload left in staging").extracting(Path::getFileName)
                        .extracting(Path::toString).containsExactly("kept");
            }
        }
    }

    @Test
    void anUploadOfADepartmentWhoseFolderIsALinkIsReceivedAndNothingIsWrittenThroughTheLink() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            server.awaitArchived(7);
            // 職員課's folder replaced by a link to a folder outside the inbox
            Path folder = server.inbox().resolve("職員課");
            Files.move(folder, home.resolve("職員課-before"));
            Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
            Files.createSymbolicLink(folder, elsewhere);
            byte[] content = Files.readAllBytes(DepartmentFiles.csv(home.resolve("upload.csv"), StandardCharsets.UTF_8,
                    true, ",", DepartmentFiles.HEADER,
                    List.of(List.of("I-1-ア-2", "2025", "7", "画面から提出", "", "", "達成"))));
            ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");

            HttpResponse<String> sent = shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), "実績.csv", content);

            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
            assertThat(shokuin.get(sent.headers().firstValue("Location").orElseThrow()).body())
                    .contains("1件の実績を登録しました");
            try (var made = Files.list(elsewhere)) {
                assertThat(made).as("no .done, no receipt, no file written through the link").isEmpty();
            }
            Map<String, Object> submission = Sql.one(server.database(), "select * from submission where channel = 'upload'");
            assertThat(Sql.one(server.database(), "select kind from folder_refusal where submission_id = ?",
                    submission.get("submission_id"))).containsEntry("kind", "unarchivable");
            assertThat(home.resolve("data/web-staging/kept/" + submission.get("receipt_no") + "_実績.csv"))
                    .hasBinaryContent(content);
        }
    }
}
