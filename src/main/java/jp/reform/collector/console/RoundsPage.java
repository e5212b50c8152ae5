package jp.reform.collector.console;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.closing.RoundClosing;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.review.ReviewRepository;
import jp.reform.collector.review.RoundOutstanding;
import jp.reform.collector.review.ReviewState;
import jp.reform.collector.review.ReviewStatus;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.PendingChanges;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 締切・保留: the administrative division closes a plan's round after the committee has met, reopens it,
 * and accepts or declines each file held meanwhile, seeing what it would change (current → new). The
 * division only (the routes' gate, and again here); every change is a POST with the session's CSRF token.
 * Two clicks on one held file give one decision: the second is told it was decided already (409). An accept
 * form carries the version of the results its file would change as the page showed them, and one from a page
 * shown before they changed (a file loaded after the round was reopened, another held file accepted) is refused
 * (409) rather than putting older values over newer ones unseen. Values a file received after the held one gave
 * (loaded while the round was reopened, or accepted) are named on the page, row by row: accepting still puts the
 * held file's values in, the division deciding so knowingly, as the 課 may have asked for the earlier figures.
 * Beside 「この年度を締め切る」 the page says how many 課 are still 未提出 and which have a 差し戻し not answered yet
 * (the review's states, one query for every 課, as the board reads them); while there are such 課 the close form
 * carries a required box saying they were seen, and a close without it is refused (400) and closes nothing.
 */
public final class RoundsPage {

    private static final Logger LOG = LoggerFactory.getLogger(RoundsPage.class);
    /** Rows of differences shown on the page; all are counted. */
    static final int DIFFERENCES_SHOWN = 1_000;
    /**
     * The longest reason kept for a declined change: the HTTP server refuses a form field over 8,192 bytes as
     * sent, and a kanji is sent URL-encoded in 9 (800 of them are 7,200; 1,000 were refused before reaching us).
     */
    static final int REASON_CHARS = 800;
    /** The box the close form carries while some 課 are 未提出 or sent back; its words are the page's. */
    static final String ACKNOWLEDGE = "未提出・差し戻し中の課があることを確認しました";

    private final Database database;
    private final RoundClosing closing;
    private final ConsolePages pages;
    private final ConsoleScope scope;
    private final PageRenderer renderer;
    private final ConsoleFormat format;
    private final PendingChanges pending = new PendingChanges();
    private final ReviewRepository reviews = new ReviewRepository();

    RoundsPage(Database database, RoundClosing closing, ConsolePages pages, ConsoleScope scope, PageRenderer renderer,
               ConsoleFormat format) {
        this.format = format;
        this.database = database;
        this.closing = closing;
        this.pages = pages;
        this.scope = scope;
        this.renderer = renderer;
    }

    /**
     * A round's state, its held files with what each would change, and the files decided, the latest decision
     * first, a page of them ({@code offset}) at a time as the list of received files.
     */
    public void show(Exchange exchange) throws SQLException {
        User user = admin(exchange);
        PlanYear planYear = scope.chosenPlanYear(exchange, user);
        int offset = ConsoleHttp.param(exchange, "offset").map(ConsolePages::nonNegative).orElse(0);
        Map<String, Object> model = pages.model(exchange, "rounds");
        try (Connection c = database.connect()) {
            // one snapshot: the results version each accept form carries is that of the values the page shows
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                show(c, planYear, offset, model);
            } finally {
                c.rollback(); // read only: nothing to keep
            }
        }
        model.put("planYear", planYear);
        ConsoleHttp.html(exchange, 200, renderer.render("rounds", model));
    }

    private void show(Connection c, PlanYear planYear, int offset, Map<String, Object> model) throws SQLException {
        List<PendingChanges.Held> waiting = pending.ofRound(c, planYear.code(), planYear.fiscalYear(),
                List.of("pending"));
        List<Long> ids = waiting.stream().map(PendingChanges.Held::submissionId).toList();
        List<PendingChanges.Difference> differences = pending.differences(c, ids, DIFFERENCES_SHOWN);
        Map<Long, List<PendingChanges.Difference>> bySubmission = new LinkedHashMap<>();
        waiting.forEach(h -> bySubmission.put(h.submissionId(), new java.util.ArrayList<>()));
        differences.forEach(d -> bySubmission.get(d.submissionId()).add(d));
        // what each accept form says it showed: a file loaded or accepted since makes it refused (409)
        model.put("resultVersions", pending.resultVersions(c, ids));
        // values a file received after the held one gave: accepting puts the older values back, said so
        Map<Long, String> later = new LinkedHashMap<>();
        pending.laterResults(c, ids).forEach((id, l) -> later.put(id, later(l)));
        model.put("later", later);
        // of shared indicators, values another 課 reported: accepting replaces that 課's report, said above the form
        Map<Long, List<PendingChanges.OtherReport>> others = pending.otherReportsReplaced(c, ids);
        Map<String, ReviewStatus> reviews = others.isEmpty() ? Map.of()
                : this.reviews.states(c, planYear.code(), planYear.fiscalYear(), null);
        Map<Long, String> replaces = new LinkedHashMap<>();
        waiting.forEach(h -> {
            List<PendingChanges.OtherReport> of = others.get(h.submissionId());
            if (of != null) {
                replaces.put(h.submissionId(), replaces(h.department(), of, reviews, planYear));
            }
        });
        model.put("replaces", replaces);
        Optional<PendingChanges.Closure> closure = pending.closure(c, planYear.code(), planYear.fiscalYear());
        model.put("closure", closure.orElse(null));
        // what closing leaves behind, said beside the button: only while the round is open
        model.put("outstanding", closure.isPresent() ? null
                : this.reviews.outstanding(c, planYear.code(), planYear.fiscalYear()));
        model.put("acknowledge", ACKNOWLEDGE);
        model.put("waiting", waiting);
        model.put("differences", bySubmission);
        model.put("differencesTotal", differences.isEmpty() ? 0 : differences.get(0).total());
        model.put("differencesShown", differences.size());
        PendingChanges.DecidedPage decided = pending.decidedOfRound(c, planYear.code(), planYear.fiscalYear(),
                offset, ConsolePages.PAGE_SIZE);
        model.put("decided", decided.rows());
        model.put("decidedTotal", decided.total());
        model.put("decidedFrom", offset + 1);
        model.put("nextOffset", offset + decided.rows().size() < decided.total() ? offset + ConsolePages.PAGE_SIZE
                : null);
        model.put("prevOffset", offset > 0 ? Math.max(0, offset - ConsolePages.PAGE_SIZE) : null);
    }

    /**
     * What the page says above the accept form of a held file that would replace another 課's report of a shared
     * indicator, and whether the division confirmed that 課's results of the round already.
     */
    private static String replaces(String department, List<PendingChanges.OtherReport> others,
                                   Map<String, ReviewStatus> reviews, PlanYear planYear) {
        StringBuilder text = new StringBuilder();
        for (PendingChanges.OtherReport o : others) {
            int more = o.rows() - o.indicators().size();
            ReviewStatus review = reviews.get(o.department());
            text.append("反映すると、共同で担当する").append(o.department()).append("が報告した実績値 ").append(o.rows())
                    .append("件（").append(String.join("、", o.indicators())).append(more > 0 ? " ほか" + more + "件" : "")
                    .append("）が、このファイル（").append(department).append("）の値に置き換わります")
                    .append(review != null && review.state() == ReviewState.CONFIRMED
                            ? "（" + o.department() + "の" + FiscalYears.eraName(planYear.fiscalYear())
                            + "の実績は確認済みです）" : "")
                    .append("。");
        }
        return text.toString();
    }

    /** What the page says of a held file older than values stored: the division decides knowing it. */
    private static String later(PendingChanges.Later later) {
        int more = later.files() - later.receiptNos().size();
        return "このファイルより後に受け付けたファイル（受付番号 " + String.join("、", later.receiptNos())
                + (more > 0 ? " ほか" + more + "件" : "") + "）の実績値が、" + later.rows() + "件登録されています。"
                + "反映すると、その新しい値がこのファイルの古い値に置き換わります。"
                + "後のファイルの値を残す場合は「反映しない」を選んでください。";
    }

    /** Why a close without the box ticked was refused, in the page's words. */
    private static String refusal(RoundOutstanding outstanding) {
        List<String> parts = new java.util.ArrayList<>();
        if (!outstanding.notSubmitted().isEmpty()) {
            parts.add("未提出の課が" + outstanding.notSubmitted().size() + "課");
        }
        if (!outstanding.sentBack().isEmpty()) {
            parts.add("差し戻し中で修正がまだ届いていない課が" + outstanding.sentBack().size() + "課（"
                    + String.join("、", outstanding.sentBackDepartments()) + "）");
        }
        return "この年度には、" + String.join("、", parts) + "あります。まだ締め切っていません。"
                + "このまま締め切る場合は、締切・保留の画面で「" + ACKNOWLEDGE + "」にチェックを入れてから、"
                + "「この年度を締め切る」を押してください。";
    }

    public void close(Exchange exchange) throws SQLException {
        User user = admin(exchange);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        if (ConsoleHttp.param(exchange, "acknowledged").isEmpty()) {
            // closing with 課 still 未提出 or sent back is a decision, taken with the box the page shows for it
            try (Connection c = database.connect()) {
                RoundOutstanding outstanding = reviews.outstanding(c, planYear.code(), planYear.fiscalYear());
                if (outstanding.any()) {
                    if (pending.closure(c, planYear.code(), planYear.fiscalYear()).isPresent()) {
                        throw ConsoleDenied.conflict(ALREADY_CLOSED); // a second click: what the page says of it
                    }
                    throw ConsoleDenied.badRequest(refusal(outstanding));
                }
            }
        }
        RoundClosing.Outcome outcome = closing.close(actor(exchange, user), planYear.code(), planYear.fiscalYear());
        if (outcome == RoundClosing.Outcome.ALREADY) {
            throw ConsoleDenied.conflict(ALREADY_CLOSED);
        }
        LOG.info("Round {} {} closed by {}", planYear.code(), planYear.fiscalYear(), LogText.escape(user.login()));
        back(exchange, planYear);
    }

    private static final String ALREADY_CLOSED = "この年度は既に締め切られています。画面を更新して確認してください。";

    public void reopen(Exchange exchange) throws SQLException {
        User user = admin(exchange);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        RoundClosing.Outcome outcome = closing.reopen(actor(exchange, user), planYear.code(), planYear.fiscalYear());
        if (outcome == RoundClosing.Outcome.ALREADY) {
            throw ConsoleDenied.conflict("この年度は締め切られていません（既に再開されています）。画面を更新して確認してください。");
        }
        LOG.info("Round {} {} reopened by {}", planYear.code(), planYear.fiscalYear(), LogText.escape(user.login()));
        back(exchange, planYear);
    }

    public void accept(Exchange exchange) throws SQLException {
        User user = admin(exchange);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        // the results the held file would change as the page showed them; a form without it is not checked
        Optional<Long> shown = ConsoleHttp.shownNumber(exchange, "shown");
        answer(closing.accept(actor(exchange, user), id(exchange), round(planYear), shown));
        back(exchange, planYear);
    }

    public void decline(Exchange exchange) throws SQLException {
        User user = admin(exchange);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        String reason = ConsoleHttp.param(exchange, "reason").orElse("");
        if (reason.codePointCount(0, reason.length()) > REASON_CHARS) {
            throw ConsoleDenied.badRequest("理由は" + REASON_CHARS + "字以内で入力してください。");
        }
        answer(closing.decline(actor(exchange, user), id(exchange), round(planYear), reason));
        back(exchange, planYear);
    }

    private void answer(RoundClosing.Decided decided) {
        switch (decided.outcome()) {
            case DONE -> { }
            case NOT_FOUND -> throw ConsoleDenied.notFound();
            // the page's plan and year come from the form: one naming another round than the file's is not this page's
            case OTHER_ROUND -> throw ConsoleDenied.badRequest(
                    "この保留中の変更は、この画面の計画・年度のものではありません。画面を更新して確認してください。");
            case ALREADY -> {
                PendingChanges.Held state = decided.state();
                String how = "accepted".equals(state.state()) ? "反映済み" : "不採用";
                throw ConsoleDenied.conflict("この保留中の変更（受付番号 %s）は既に処理されています（%s さんが %s に%s）。"
                        .formatted(state.receiptNo(), format.person(state.decidedBy()), format.time(state.decidedAt()), how)
                        + "画面を更新して確認してください。");
            }
            case CHANGED -> throw ConsoleDenied.stale(changed(decided.state(), decided.newest()));
        }
    }

    /**
     * Why a held file was not accepted from a page shown before its results changed: who changed them, with which
     * file, and when; the page opened again shows the current values, and accepting from it stands.
     */
    private String changed(PendingChanges.Held held, PendingChanges.Newest newest) {
        String what;
        if (newest == null) {
            what = "";
        } else if (newest.acceptedBy() != null) {
            what = "%s さんが %s に保留中の変更（受付番号 %s、%s）を反映し、".formatted(
                    format.person(newest.acceptedBy()), format.time(newest.acceptedAt()), newest.receiptNo(),
                    newest.department());
        } else {
            what = "%sから届いたファイル（受付番号 %s）の実績値が %s に登録され、".formatted(newest.department(),
                    newest.receiptNo(), format.time(newest.recordedAt()));
        }
        return "この画面を開いた後に、" + what + "この保留中の変更（受付番号 " + held.receiptNo()
                + "）にかかわる実績値が変わりました。反映はしていません。"
                + "画面を更新して現在の実績値を確認してから、もう一度操作してください。";
    }

    private static PendingChanges.Round round(PlanYear planYear) {
        return new PendingChanges.Round(planYear.code(), planYear.fiscalYear());
    }

    private static User admin(Exchange exchange) {
        User user = ConsoleGate.user(exchange);
        if (!user.mayAdminister()) {
            throw ConsoleDenied.forbidden(); // the route's gate already refused; a second lock on the door
        }
        return user;
    }

    private static RoundClosing.Actor actor(Exchange exchange, User user) {
        return new RoundClosing.Actor(user.login(), user.role().word(), ConsoleHttp.remoteAddress(exchange));
    }

    private static long id(Exchange exchange) {
        String text = ConsoleHttp.pathParam(exchange, "id").orElseThrow(ConsoleDenied::notFound);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ConsoleDenied.notFound();
        }
    }

    private static void back(Exchange exchange, PlanYear planYear) {
        ConsoleHttp.redirect(exchange, "/rounds?plan=" + ConsoleHttp.encode(planYear.code()) + "&fy="
                + planYear.fiscalYear());
    }
}
