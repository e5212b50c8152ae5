package jp.reform.collector.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.planbook.EndedYearTargets;
import jp.reform.collector.planbook.PlanBook;
import jp.reform.collector.planbook.Problem;
import jp.reform.collector.intake.ArchiveNames;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 計画: the division revises a plan (targets, indicators, 担当課) as IT staff did with {@code plan export} and
 * {@code plan import}: it downloads the plan's workbook, corrects it in Excel and uploads it. The upload is checked
 * whole as the command checks it ({@link PlanBook}); a workbook with problems writes nothing and the page lists
 * every problem with its sheet, row and column and how to put it right; a plan that exists is replaced only with the
 * box ticked, its folder kept in config/plans-backup/. Targets of ended years that change, which change grades the
 * committee may have seen, are named; the import is in the audit log; serve takes the plan up as it takes up
 * a hand edit. The division only.
 */
public final class PlansPage {

    private static final Logger LOG = LoggerFactory.getLogger(PlansPage.class);
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Problems listed on the page; all are counted. */
    static final int PROBLEMS_SHOWN = 200;

    private final PlanBook book;
    private final Path configDir;
    private final ConsolePages pages;
    private final ConsoleScope scope;
    private final PageRenderer renderer;
    private final AuditLog audit;
    private final long maxBytes;
    private final OneTimeNotices<List<String>> notices;

    PlansPage(Path configDir, ConsolePages pages, ConsoleScope scope, PageRenderer renderer, AuditLog audit,
              long maxBytes, Clock clock) {
        this.book = new PlanBook(configDir, clock);
        this.configDir = configDir;
        this.pages = pages;
        this.scope = scope;
        this.renderer = renderer;
        this.audit = audit;
        this.maxBytes = maxBytes;
        this.notices = new OneTimeNotices<>(clock);
    }

    /** A plan as the list shows it. */
    public record Row(String code, String name, String municipality, String period, int indicators) {
    }

    public void show(Exchange exchange) {
        ConsoleGate.administrator(exchange);
        render(exchange, 200, notices.take(ConsoleGate.session(exchange).id()).orElse(List.of()), null, List.of(), 0);
    }

    /** The plan's workbook as the service has it now, to be corrected in Excel and uploaded again. */
    public void workbook(Exchange exchange) {
        ConsoleGate.administrator(exchange);
        String code = ConsoleHttp.pathParam(exchange, "plan").orElseThrow(ConsoleDenied::notFound);
        if (scope.master().plan(code).isEmpty()) {
            throw ConsoleDenied.notFound();
        }
        PlanBook.Workbook workbook = book.workbook(code);
        if (!workbook.problems().isEmpty()) {
            render(exchange, 409, List.of(), "計画「" + code + "」のファイル（config/plans/" + code
                    + "/）を読み取れないため、ブックにできません。IT担当にご連絡ください。", workbook.problems(),
                    workbook.problems().size());
            return;
        }
        ConsoleHttp.download(exchange, XLSX, code + ".xlsx", workbook.bytes());
    }

    /** An uploaded plan workbook: checked whole, then written, or nothing written and every problem listed. */
    public void importWorkbook(Exchange exchange) throws IOException, SQLException {
        User user = ConsoleGate.administrator(exchange);
        UploadedFile sent = UploadedFile.of(exchange, maxBytes,
                "取り込む計画のブック（.xlsx）を一つ選んでから「取り込む」を押してください。", "");
        File file = sent.file();
        String name = sent.name();
        boolean replace = ConsoleHttp.param(exchange, "replace").filter("yes"::equals).isPresent();
        PlanBook.Import result = book.importWorkbook(Files.readAllBytes(file.toPath()), replace);
        if (result.exists()) {
            render(exchange, 400, List.of(), "計画「" + result.planCode() + "」は既にあります。置き換える場合は、"
                    + "「既にある計画を置き換える」にチェックを入れて、もう一度取り込んでください。何も変更していません。",
                    List.of(), 0);
            return;
        }
        if (!result.imported()) {
            render(exchange, 400, List.of(), name + " には、次の" + result.problems().size()
                    + "件の問題があるため、取り込んでいません（何も変更していません）。ブックを修正して、もう一度取り込んでください。",
                    result.problems().subList(0, Math.min(PROBLEMS_SHOWN, result.problems().size())),
                    result.problems().size());
            return;
        }
        if (result.unchanged()) {
            notices.put(ConsoleGate.session(exchange).id(), List.of("計画「" + result.planCode() + "」は、取り込んだブックと"
                    + "同じ内容です。変更点がないため、何も変更していません。"));
            ConsoleHttp.redirect(exchange, "/plans");
            return;
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("file", ArchiveNames.shown(name));
        after.put("replaced", result.backup() != null);
        after.put("ended_year_targets", result.endedYearTargets().stream().map(EndedYearTargets.Change::describe).toList());
        try {
            audit.record(new AuditEntry(user.login(), user.role().word(), AuditAction.PLAN_IMPORTED, result.planCode(),
                    null, null, null, null, after, ConsoleHttp.remoteAddress(exchange)));
        } catch (SQLException e) {
            // the plan is in place and serve takes it up: the page says so; only its line in the log is missing
            LOG.error("Plan {} imported on the console by {} but not recorded in the audit log: {}", result.planCode(),
                    LogText.escape(user.login()), LogText.cause(e));
        }
        LOG.info("Plan {} imported on the console by {} from {}{}", result.planCode(), LogText.escape(user.login()),
                LogText.escape(name), result.backup() == null ? "" : "; the previous folder is kept in " + result.backup());
        notices.put(ConsoleGate.session(exchange).id(), imported(result));
        ConsoleHttp.redirect(exchange, "/plans");
    }

    /** What the list says once after an import. */
    private List<String> imported(PlanBook.Import result) {
        List<String> lines = new ArrayList<>();
        // which plan the workbook's own plan_code replaced or added: a workbook of another plan says so here
        lines.add((result.backup() != null
                ? "計画「" + result.planCode() + "」を、取り込んだブックの内容に置き換えました。置き換える前の計画は、控えとして config/"
                + PlanBook.BACKUP_FOLDER + "/" + result.backup().getFileName() + " に保管しています（IT担当が戻せます）。"
                : "新しい計画「" + result.planCode() + "」を追加しました。")
                + "通常1分以内に、受付のチェックや画面に反映されます（読み込みの間の数秒間は、画面が応答せず、"
                + "ブラウザに接続エラーが表示されることがあります。その場合は少し待ってから再読み込みしてください）。");
        if (result.replacedUnreadable()) {
            lines.add("置き換える前の計画を読み取れなかったため、終了した年度の目標値の変更は確かめられませんでした。");
        }
        if (!result.endedYearTargets().isEmpty()) {
            StringBuilder changes = new StringBuilder("終了した年度の目標値が変わりました（" + result.endedYearTargets().size()
                    + "件）。これらの年度の評価は反映のときに計算し直され、締め切った年度の変更は操作記録と例外レポートに記録されます：");
            for (EndedYearTargets.Change c : result.endedYearTargets().subList(0, Math.min(20, result.endedYearTargets().size()))) {
                changes.append(" ").append(c.indicatorCode()).append(" ").append(FiscalYears.japaneseLabel(c.fiscalYear()))
                        .append(" ").append(c.before() == null ? "（目標なし）" : c.before()).append(" → ")
                        .append(c.after() == null ? "（目標なし）" : c.after()).append("、");
            }
            lines.add(changes.substring(0, changes.length() - 1) + (result.endedYearTargets().size() > 20 ? " ほか" : "") + "。");
        }
        // another plan, departments.csv or rounds.csv may keep serve from taking it up
        book.configurationProblem().ifPresent(problem -> {
            LOG.warn("After the console's import of {}, config/ as a whole does not load: {}", result.planCode(),
                    LogText.escape(problem));
            lines.add("ただし、設定全体（ほかの計画や課の設定）の読み込みで問題が見つかったため、反映されません。IT担当にご連絡ください。");
        });
        return lines;
    }

    private void render(Exchange exchange, int status, List<String> notice, String error, List<Problem> problems,
                        int problemsTotal) {
        Map<String, Object> model = pages.model(exchange, "plans");
        List<Row> rows = new ArrayList<>();
        for (PlanMaster plan : scope.master().plans()) {
            rows.add(new Row(plan.plan().code(), plan.plan().name(), plan.plan().municipality(),
                    FiscalYears.eraName(plan.plan().fyFrom()) + "～" + FiscalYears.eraName(plan.plan().fyTo()),
                    plan.indicators().size()));
        }
        model.put("planRows", rows);
        model.put("importNotice", notice);
        model.put("importError", error);
        model.put("problems", problems);
        model.put("problemsTotal", problemsTotal);
        ConsoleHttp.html(exchange, status, renderer.render("plans", model));
    }

}
