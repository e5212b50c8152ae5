package jp.reform.collector.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.closing.RoundClosing;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.ConfigCsvFile;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.master.RoundsFile;
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
 * 収集期間: the division opens the next year's round and moves a deadline here rather than asking IT staff to edit
 * config/rounds.csv; the page writes that file ({@link RoundsFile}: only the plan-year's line changes, refused when
 * the file changed since the page was shown or would not load) and serve takes it up as it takes up a hand edit.
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
    private final Path configDir;
    private final AuditLog audit;

    RoundsPage(Database database, RoundClosing closing, ConsolePages pages, ConsoleScope scope, PageRenderer renderer,
               ConsoleFormat format, Path configDir, AuditLog audit) {
        this.configDir = configDir;
        this.audit = audit;
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
        User user = ConsoleGate.administrator(exchange);
        PlanYear planYear = scope.chosenPlanYear(exchange, user);
        int offset = ConsoleHttp.param(exchange, "offset").map(ConsolePages::nonNegative).orElse(0);
        render(exchange, planYear, offset, 200, null, null);
    }

    /** The page, with a 収集期間 form as typed and why it was not saved when {@code typed} is given. */
    private void render(Exchange exchange, PlanYear planYear, int offset, int status, RoundPeriodForm typed,
                        String periodError) throws SQLException {
        Map<String, Object> model = pages.model(exchange, "rounds");
        // a form shown again as typed keeps the fingerprint of the page it was typed on: the file may have changed
        // since, and the next save must still be refused (409) rather than undo that change
        period(planYear, model, typed, typed == null ? null : ConsoleHttp.param(exchange, "shown").orElse(null));
        model.put("periodError", periodError);
        model.put("notCollected", SubmissionDue.NOT_COLLECTED.equals(scope.due(planYear).label()));
        model.put("periodSaved", periodError == null && ConsoleHttp.param(exchange, "saved").isPresent());
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
        ConsoleHttp.html(exchange, status, renderer.render("rounds", model));
    }

    /**
     * The 収集期間 section: the round in use, the form filled with the plan-year's line of rounds.csv (else the
     * previous year's round a year on, else the usual reminders), the file's fingerprint for the form, and
     * whether a line saved differs from the round in use (serve takes it up shortly).
     */
    private void period(PlanYear planYear, Map<String, Object> model, RoundPeriodForm typed, String typedShown) {
        RoundsFile file;
        try {
            file = RoundsFile.read(configDir);
        } catch (MasterDataException | UncheckedIOException e) {
            LOG.warn("config/rounds.csv cannot be read for the 収集期間 form: {}", LogText.cause(e));
            model.put("periodUnreadable", true);
            return;
        }
        Optional<RoundsFile.Entry> written = file.entry(planYear.code(), planYear.fiscalYear());
        CollectionRound inUse = planYear.round();
        RoundPeriodForm form = typed != null ? typed : written.map(RoundPeriodForm::of)
                .orElseGet(() -> scope.roundBefore(planYear).map(RoundPeriodForm::followingYear)
                        .orElseGet(RoundPeriodForm::blank));
        model.put("periodForm", form);
        model.put("periodWritten", written.orElse(null));
        model.put("periodShown", typedShown != null ? typedShown : file.fingerprint());
        model.put("periodPending", written.map(e -> inUse == null || !sameAs(e, inUse)).orElse(inUse != null));
    }

    /** Whether a line of rounds.csv says what the round in use says. */
    private static boolean sameAs(RoundsFile.Entry written, CollectionRound inUse) {
        return written.opens().equals(inUse.opens().toString()) && written.deadline().equals(inUse.deadline().toString())
                && written.remindDaysBefore().stream().map(RoundsPage::days).toList().equals(inUse.remindDaysBefore())
                && days(written.overdueEveryDays()) == inUse.overdueEveryDays()
                && days(written.escalateAfterDays()) == inUse.escalateAfterDays();
    }

    private static int days(String written) {
        return written.isBlank() ? 0 : written.matches("\\d{1,6}") ? Integer.parseInt(written) : -1;
    }

    /**
     * Saves the 収集期間 of a plan-year to config/rounds.csv, with a line in the audit log; a form the page would
     * not take is shown again as typed with the reason (400), one from a page older than the file is refused (409).
     */
    public void savePeriod(Exchange exchange) throws SQLException {
        User user = ConsoleGate.administrator(exchange);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        String shown = ConsoleHttp.param(exchange, "shown").orElseThrow(
                () -> ConsoleDenied.badRequest("画面を更新してから、もう一度操作してください。"));
        RoundPeriodForm form = RoundPeriodForm.of(exchange);
        RoundsFile.Entry entry;
        try {
            entry = form.checked(planYear.fiscalYear(), HolidayCalendar.inConfig(configDir),
                    planYear.plan().plan().adminDepartment());
        } catch (ConsoleDenied refused) {
            if (refused.status() != 400) {
                throw refused;
            }
            render(exchange, planYear, 0, 400, form, refused.getMessage());
            return;
        } catch (MasterDataException e) {
            LOG.warn("config/holidays.csv does not load for the 収集期間 form: {}", LogText.cause(e));
            render(exchange, planYear, 0, 400, form, "休日の設定（config/holidays.csv）を読み取れないため、保存していません。"
                    + "IT担当にご連絡ください。");
            return;
        }
        Optional<RoundsFile.Entry> before;
        try {
            before = RoundsFile.read(configDir).entry(planYear.code(), planYear.fiscalYear());
        } catch (MasterDataException | UncheckedIOException e) {
            throw ConsoleDenied.badRequest(ROUNDS_FILE.notWritten());
        }
        if (before.isPresent() && before.get().equals(entry)) {
            back(exchange, planYear, "&saved=period"); // as it is already: nothing to write or record
            return;
        }
        try {
            AuditedConfigChange.save(database, audit, new AuditEntry(user.login(), user.role().word(),
                    AuditAction.ROUND_PERIOD_SET, planYear.code(), planYear.fiscalYear(), null, null,
                    before.map(RoundsFile.Entry::asMap).orElse(null), entry.asMap(), ConsoleHttp.remoteAddress(exchange)),
                    () -> RoundsFile.write(configDir, shown, planYear.code(), planYear.fiscalYear(), entry,
                            scope.master()));
        } catch (ConfigCsvFile.Changed e) {
            throw ConsoleDenied.stale(ROUNDS_FILE.changed());
        } catch (ConfigCsvFile.Refused e) {
            LOG.warn("Round period of {} {} not saved: rounds.csv would not load: {}", planYear.code(),
                    planYear.fiscalYear(), LogText.escape(e.getMessage()));
            render(exchange, planYear, 0, 400, form, ROUNDS_FILE.notLoading(e.getMessage()));
            return;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConsoleDenied denied) {
                throw denied;
            }
            LOG.error("Round period of {} {} not saved: config/rounds.csv cannot be written: {}", planYear.code(),
                    planYear.fiscalYear(), LogText.cause(e));
            render(exchange, planYear, 0, 500, form, ROUNDS_FILE.notWritten());
            return;
        }
        LOG.info("Round period of {} {} set by {}: opens {}, deadline {}", planYear.code(), planYear.fiscalYear(),
                LogText.escape(user.login()), entry.opens(), entry.deadline());
        back(exchange, planYear, "&saved=period");
    }

    private static final AuditedConfigChange.Words ROUNDS_FILE = new AuditedConfigChange.Words("収集期間の設定",
            "config/rounds.csv");

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
        User user = ConsoleGate.administrator(exchange);
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
        User user = ConsoleGate.administrator(exchange);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        RoundClosing.Outcome outcome = closing.reopen(actor(exchange, user), planYear.code(), planYear.fiscalYear());
        if (outcome == RoundClosing.Outcome.ALREADY) {
            throw ConsoleDenied.conflict("この年度は締め切られていません（既に再開されています）。画面を更新して確認してください。");
        }
        LOG.info("Round {} {} reopened by {}", planYear.code(), planYear.fiscalYear(), LogText.escape(user.login()));
        back(exchange, planYear);
    }

    public void accept(Exchange exchange) throws SQLException {
        User user = ConsoleGate.administrator(exchange);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        // the results the held file would change as the page showed them; a form without it is not checked
        Optional<Long> shown = ConsoleHttp.shownNumber(exchange, "shown");
        answer(closing.accept(actor(exchange, user), id(exchange), round(planYear), shown));
        back(exchange, planYear);
    }

    public void decline(Exchange exchange) throws SQLException {
        User user = ConsoleGate.administrator(exchange);
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
        back(exchange, planYear, "");
    }

    private static void back(Exchange exchange, PlanYear planYear, String more) {
        ConsoleHttp.redirect(exchange, "/rounds?plan=" + ConsoleHttp.encode(planYear.code()) + "&fy="
                + planYear.fiscalYear() + more + (more.isEmpty() ? "" : "#round-period"));
    }
}
