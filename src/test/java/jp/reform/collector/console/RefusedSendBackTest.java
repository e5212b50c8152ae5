package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 差し戻し refused for what its form says (a deadline on a closed day, no comment, an indicator not the 課's)
 * answers with the 課's page again (400): the reason above the review form, the form as it was sent (comment,
 * indicators ticked, deadline), all escaped, with the token and the file and action the page now shows, so that
 * nothing typed is lost and the form can be sent again from there. Nothing is recorded or mailed.
 */
class RefusedSendBackTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String PAGE = "/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=2025";
    private static final String REVIEW = "/departments/" + segment("職員課") + "/review";
    private static final Pattern INDICATOR_BOX = Pattern.compile("<input type=\"checkbox\" name=\"indicator\"[^>]*>");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd（E）", Locale.JAPAN);

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

    /** The send-back form of a page: from its opening tag to its end. */
    private static String sendBackForm(String page) {
        String form = page.substring(page.indexOf("<form id=\"review-send-back\""));
        return form.substring(0, form.indexOf("</form>"));
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    /** The indicators ticked in a send-back form. */
    private static List<String> ticked(String form) {
        List<String> codes = new ArrayList<>();
        Matcher m = INDICATOR_BOX.matcher(form);
        while (m.find()) {
            if (m.group().contains("checked")) {
                Matcher value = Pattern.compile("value=\"([^\"]+)\"").matcher(m.group());
                value.find();
                codes.add(value.group(1));
            }
        }
        return codes;
    }

    /** The send-back form of {@code page} as the admin filled it in and sent it. */
    private static HttpResponse<String> sendBack(ConsoleClient admin, String page, String comment, String due,
                                                 String... indicators) {
        String form = sendBackForm(page);
        List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(
                Map.entry("_csrf", hidden(form, "_csrf")), Map.entry("plan", PLAN), Map.entry("fy", "2025"),
                Map.entry("seen", hidden(form, "seen")), Map.entry("reviewed", hidden(form, "reviewed")),
                Map.entry("action", "send_back"), Map.entry("comment", comment), Map.entry("due", due)));
        for (String indicator : indicators) {
            fields.add(Map.entry("indicator", indicator));
        }
        return admin.post(REVIEW, fields);
    }

    private static long recorded() {
        return Sql.count(server.database(), "select count(*) from review_action")
                + Sql.count(server.database(), "select count(*) from outbox_mail where kind = 'sent_back'");
    }

    @Test
    void aRefusedSendBackShowsThe課PageAgainWithTheReasonAndEverythingTyped() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String opened = admin.get(PAGE).body();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        LocalDate saturday = today.with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
        LocalDate workingDay = HolidayCalendar.inConfig(Path.of("config")).previousWorkingDay(today.plusDays(10));
        String comment = "I-3-ア-3 の算出根拠を添えてください。<script>alert('x')</script> & \"引用\"";
        long before = recorded();

        // a deadline on a Saturday
        HttpResponse<String> refused = sendBack(admin, opened, comment, saturday.toString(), "I-3-ア-3", "I-3-ア-1");
        assertThat(refused.statusCode()).isEqualTo(400);
        String page = refused.body();
        // the 課's page, not the error page: its heading, its indicators, the reason above the review form
        assertThat(page).contains("<h1><span>職員課</span>", "id=\"indicators\"",
                "差し戻し・確認の操作はまだ行っていません。",
                "修正の期限 " + DAY.format(saturday) + " は閉庁日（土曜日）です。開庁日を指定してください。")
                .doesNotContain("操作した画面に戻る", "また、送信した画面を開いた後に");
        assertThat(page.indexOf("id=\"review-error\"")).isPositive().isLessThan(page.indexOf("id=\"review-send-back\""));
        // the form as sent, escaped
        String form = sendBackForm(page);
        assertThat(form).contains(">I-3-ア-3 の算出根拠を添えてください。&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                + "&quot;引用&quot;</textarea>").contains("name=\"due\" value=\"" + saturday + "\"");
        assertThat(page).doesNotContain("<script>");
        assertThat(ticked(form)).containsExactlyInAnyOrder("I-3-ア-3", "I-3-ア-1");
        // the token and the file and action the page shows, as a page opened now gives them
        assertThat(hidden(form, "_csrf")).isEqualTo(admin.token());
        assertThat(hidden(form, "seen")).isEqualTo(hidden(sendBackForm(admin.get(PAGE).body()), "seen"));
        assertThat(hidden(form, "reviewed")).isEqualTo("0");
        assertThat(recorded()).isEqualTo(before);

        // no comment (only an ideographic space): refused, the boxes and the deadline kept
        HttpResponse<String> noComment = sendBack(admin, page, "　", workingDay.toString(), "I-3-ア-3");
        assertThat(noComment.statusCode()).isEqualTo(400);
        assertThat(noComment.body()).contains("差し戻す場合は、修正してほしい点をコメントに入力してください。");
        assertThat(ticked(sendBackForm(noComment.body()))).containsExactly("I-3-ア-3");
        assertThat(sendBackForm(noComment.body())).contains("value=\"" + workingDay + "\"");

        // an indicator that is another 課's: refused, what was typed kept
        HttpResponse<String> other = sendBack(admin, page, comment, workingDay.toString(), "I-3-ア-3", "III-3-イ-1");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("指標 III-3-イ-1 は 職員課 の指標ではありません。",
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(ticked(sendBackForm(other.body()))).containsExactly("I-3-ア-3");
        assertThat(recorded()).isEqualTo(before);

        // sent again from the page shown with the refusal, the deadline put right: done
        HttpResponse<String> done = sendBack(admin, page, comment, workingDay.toString(), "I-3-ア-3", "I-3-ア-1");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(Sql.one(server.database(), "select comment, correction_due::text as due from review_action "
                + "where department_name = '職員課'")).containsEntry("comment", comment)
                .containsEntry("due", workingDay.toString());
    }

    @Test
    void aRefusedFormFromAPageOpenedBeforeANewFileSaysTheFormNowShowsTheNewOne() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String opened = admin.get(PAGE).body();
        DepartmentFiles.xlsx(server.inbox().resolve("職員課").resolve("職員課_再提出.xlsx"),
                "令和7年度 実績報告（職員課）", DepartmentFiles.HEADER,
                List.of(List.of("I-3-ア-3", 2025, "96%", "面談を継続", "", "", "")));
        server.awaitArchived(8);

        HttpResponse<String> refused = sendBack(admin, opened, "", "", "I-3-ア-3");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("差し戻す場合は、修正してほしい点をコメントに入力してください。",
                "また、送信した画面を開いた後に、この課の実績のファイルまたは確認の操作がありました。");
        // the form now carries the new file: sent from this page, it is not refused as an old page's
        assertThat(hidden(sendBackForm(refused.body()), "seen")).isNotEqualTo(hidden(sendBackForm(opened), "seen"));

        // a page gone stale is still answered as before (409), and back leads to the 課's page, not the form's address
        Map<String, String> stale = new LinkedHashMap<>(Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025",
                "seen", hidden(sendBackForm(opened), "seen"), "action", "send_back", "comment", "根拠を添えてください"));
        HttpResponse<String> old = admin.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url(REVIEW))).header("Referer", server.url(REVIEW))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(stale.entrySet().stream()
                        .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(),
                                java.nio.charset.StandardCharsets.UTF_8))
                        .collect(java.util.stream.Collectors.joining("&")))).build());
        assertThat(old.statusCode()).isEqualTo(409);
        assertThat(old.body()).contains("画面の内容が古くなっています",
                "href=\"/departments/" + segment("職員課") + "?plan=" + PLAN + "&amp;fy=2025#review\">操作した画面に戻る");
    }
}
