package jp.reform.collector.console;

import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.reform.collector.committee.GradeScale;
import jp.reform.collector.committee.TableFormatter;
import jp.reform.collector.console.auth.Session;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.evaluate.GradeOverrides;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.GradeWords;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.review.ReviewStatus;
import jp.reform.collector.store.ReportQueries.OverrideRow;
import jp.reform.collector.template.TemplateSpecBuilder;
import org.apache.camel.Exchange;

/**
 * The console's pages: status board, a department's page, an indicator's page, the list of received files,
 * a receipt and the downloads. Each page asks the read model only for rows the signed-in user may see
 * (a department user: its own department's) and refuses anything else with 403, showing none of it.
 */
public final class ConsolePages {

    static final int PAGE_SIZE = 100;

    private final ConsoleQueries queries;
    private final ConsoleScope scope;
    private final PageRenderer renderer;
    private final ConsoleFormat format;
    private final java.nio.file.Path inbox;
    private final ReviewPage reviews;
    private final DepartmentContacts contacts;

    ConsolePages(ConsoleQueries queries, ConsoleScope scope, PageRenderer renderer, ConsoleFormat format,
                 java.nio.file.Path inbox, ReviewPage reviews, DepartmentContacts contacts) {
        this.reviews = reviews;
        this.contacts = contacts;
        this.queries = queries;
        this.scope = scope;
        this.renderer = renderer;
        this.format = format;
        this.inbox = inbox;
    }

    /** The first page of a user: the status board, or a department user's own page. */
    public void home(Exchange exchange) {
        User user = ConsoleGate.user(exchange);
        ConsoleHttp.redirect(exchange, user.maySeeAllDepartments() ? "/board"
                : "/departments/" + ConsoleHttp.encode(user.department()));
    }

    /** 状況一覧: the committee's table and one row per department. */
    public void board(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        if (!user.maySeeAllDepartments()) {
            // a department's board is its own page, on the plan and year asked for
            StringBuilder query = new StringBuilder();
            for (String name : List.of("plan", "fy")) {
                ConsoleHttp.param(exchange, name).ifPresent(value -> query.append(query.isEmpty() ? "?" : "&")
                        .append(name).append('=').append(ConsoleHttp.encode(value)));
            }
            ConsoleHttp.redirect(exchange, "/departments/" + ConsoleHttp.encode(user.department()) + query);
            return;
        }
        PlanYear planYear = scope.chosenPlanYear(exchange, user);
        StatusBoard board = queries.statusBoard(planYear.code(), planYear.fiscalYear(), scope.today(),
                planYear.round(), scope.roundEnds(planYear), null);
        Map<String, Object> model = model(exchange, "board");
        model.put("planYear", planYear);
        model.put("board", board);
        model.put("due", scope.due(planYear));
        // the board counts canonical grades: a four-level plan's columns read S・A, B, C
        model.put("grades", GradeScale.byGrade(planYear.plan().plan()));
        GradeWords words = GradeWords.of(planYear.plan().plan());
        model.put("finalGradeNotes", queries.finalGrades(planYear.code(), planYear.fiscalYear()).stream()
                .map(o -> TableFormatter.overrideNote(words::label, o)).toList());
        model.put("reviews", reviews.states(planYear.code(), planYear.fiscalYear()));
        model.put("closure", queries.roundClosure(planYear.code(), planYear.fiscalYear()).orElse(null));
        show(exchange, "board", model);
    }

    /** A department's indicators with what it reported. */
    public void department(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        Department department = scope.department(ConsoleHttp.pathParam(exchange, "department")
                .orElseThrow(ConsoleDenied::notFound), user);
        // the page has the plan-and-year form: another plan chosen with the year still in the box shows its default
        PlanYear planYear = scope.chosenPlanYear(exchange, user);
        show(exchange, "department", departmentModel(exchange, user, department, planYear));
    }

    /**
     * POST /departments/{department}/review, the 課 page's review form: done, back to the page (303); refused for
     * what the form says (no comment, a deadline on a closed day …), the page again (400) with the reason above
     * the form and the form as it was sent, so that nothing typed is lost. Its token and the file and action it
     * carries are the page's own as now shown; when those changed since the form's page was opened, it says so.
     * Refusals of another kind (403, a page gone stale: 409) are the error page, as before.
     */
    public void review(Exchange exchange) throws SQLException {
        try {
            reviews.review(exchange);
        } catch (ReviewPage.Refused refused) {
            User user = ConsoleGate.user(exchange);
            Map<String, Object> model = departmentModel(exchange, user, refused.department(), refused.planYear());
            model.put("reviewError", refused.getMessage());
            model.put("reviewForm", refused.form());
            model.put("reviewChanged", refused.form().shownBefore((ReviewStatus) model.get("review")));
            ConsoleHttp.html(exchange, 400, renderer.render("department", model));
        }
    }

    /**
     * POST /departments/{department}/addresses, the 課 page's 連絡先 form (division only): saved, back to the page
     * (303); refused for what the form says, or the file not writable, the page again with the reason and the form
     * as it was sent. A form from a page older than the file is the error page (409).
     */
    public void addresses(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        try {
            contacts.save(exchange);
        } catch (DepartmentContacts.Refused refused) {
            Map<String, Object> model = departmentModel(exchange, user, refused.department(),
                    scope.chosenPlanYear(exchange, user));
            contacts.addTo(model, user, refused.department(), refused.form(),
                    ConsoleHttp.param(exchange, "shown").orElse(null));
            model.put("contactsError", refused.getMessage());
            ConsoleHttp.html(exchange, refused.status(), renderer.render("department", model));
            return;
        }
        PlanYear planYear = scope.chosenPlanYear(exchange, user);
        String department = ConsoleHttp.pathParam(exchange, "department").orElseThrow(ConsoleDenied::notFound);
        ConsoleHttp.redirect(exchange, "/departments/" + ConsoleHttp.encode(scope.department(department, user).name())
                + "?plan=" + ConsoleHttp.encode(planYear.code()) + "&fy=" + planYear.fiscalYear()
                + "&saved=addresses#contacts");
    }

    private Map<String, Object> departmentModel(Exchange exchange, User user, Department department,
                                                PlanYear planYear) throws SQLException {
        DepartmentPage page = queries.departmentPage(planYear.code(), planYear.fiscalYear(), department.name())
                .withReportsOf(reporter -> scope.maySee(user, reporter));
        // the page shows the department's standing, not the committee's table: spare the plan-wide summary
        StatusBoard board = queries.departmentStatus(planYear.code(), planYear.fiscalYear(), scope.today(),
                planYear.round(), scope.roundEnds(planYear), department.name());
        Map<String, Object> model = model(exchange, "department");
        model.put("planYear", planYear);
        model.put("page", page);
        model.put("row", board.departments().isEmpty() ? null : board.departments().get(0));
        model.put("deadline", board.deadline());
        model.put("due", scope.due(planYear));
        // the committee's final grades beside the computed ones (only overridden indicators come back)
        Map<String, OverrideRow> finalGrades = new HashMap<>();
        queries.finalGrades(planYear.code(), planYear.fiscalYear()).forEach(o -> finalGrades.put(o.indicatorCode(), o));
        model.put("finalGrades", finalGrades);
        reviews.addTo(model, planYear, department);
        model.put("closure", queries.roundClosure(planYear.code(), planYear.fiscalYear()).orElse(null));
        contacts.addTo(model, user, department, null);
        // a 課 added at a reorganisation has indicators in no plan until a plan is revised: the page says so rather
        // than sending its staff to choose another plan, where it has none either (looked up only for a page without
        // indicators: the plans name their 課 by current name)
        model.put("ownsIndicators", !page.indicators().isEmpty()
                || scope.master().plans().stream().anyMatch(p -> p.responsibleFor(department.name())));
        model.put("contactsSaved", ConsoleHttp.param(exchange, "saved").filter("addresses"::equals).isPresent());
        return model;
    }

    /** An indicator: every version of its value with where it came from, and the years of the plan. */
    public void indicator(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        String plan = ConsoleHttp.pathParam(exchange, "plan").orElseThrow(ConsoleDenied::notFound);
        String code = ConsoleHttp.pathParam(exchange, "code").orElseThrow(ConsoleDenied::notFound);
        if (scope.master().plan(plan).isEmpty()) {
            throw ConsoleDenied.notFound();
        }
        IndicatorPage whole = queries.indicatorPage(plan, code).orElseThrow(ConsoleDenied::notFound);
        IndicatorPage page = whole.withVersionsOf(department -> scope.maySee(user, department));
        // the other owners of a shared indicator that reported it, named (as on the 課's page), their files not shown
        List<String> otherReporters = whole.versions().stream().map(IndicatorPage.Version::department)
                .filter(d -> !scope.maySee(user, d)).distinct().toList();
        if (!user.maySeeAllDepartments() && !page.ownedBy(user.department())) {
            throw ConsoleDenied.forbidden();
        }
        Map<String, Object> model = model(exchange, "indicator");
        model.put("page", page);
        model.put("otherReporters", otherReporters);
        model.put("plan", scope.master().plan(plan).orElseThrow().plan());
        model.put("chart", IndicatorChart.of(page.years(), format));
        model.put("dues", scope.dues(plan));
        model.put("finalGrades", queries.finalGrades(plan, code));
        model.put("finalGradeChoices", finalGradeChoices(scope.master().plan(plan).orElseThrow().plan()));
        // whether this indicator waits for a correction the division asked of its 課 (the 課's page says so too):
        // the 課 the user may see only
        PlanYear planYear = scope.planYear(exchange, user);
        model.put("reviewYear", planYear.fiscalYear());
        model.put("sentBack", reviews.indicatorStates(planYear,
                page.departments().stream().filter(user::maySeeDepartment).toList(), code).entrySet().stream()
                .filter(e -> e.getValue().sentBack()).map(e -> Map.entry(e.getKey(), e.getValue().status().latest()))
                .toList());
        show(exchange, "indicator", model);
    }

    /** The final-grade form's choices: the plan's own words (A・B・C of A|B|C|D, ○・× of a two-level plan), then 対象外. */
    static List<GradeOverrides.Choice> finalGradeChoices(Plan plan) {
        return GradeOverrides.choices(GradeWords.of(plan));
    }

    /** 提出ファイル: everything received, filtered by department, status and date, newest first. */
    public void submissions(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        SubmissionFilter filter = filter(exchange, user);
        List<SubmissionRow> rows = queries.submissions(filter.page(filter.offset(), PAGE_SIZE + 1));
        Map<String, Object> model = model(exchange, "submissions");
        model.put("rows", rows.size() > PAGE_SIZE ? rows.subList(0, PAGE_SIZE) : rows);
        model.put("filter", filter);
        model.put("status", filter.statuses().isEmpty() ? "" : filter.statuses().iterator().next());
        model.put("nextOffset", rows.size() > PAGE_SIZE ? filter.offset() + PAGE_SIZE : null);
        model.put("prevOffset", filter.offset() > 0 ? Math.max(0, filter.offset() - PAGE_SIZE) : null);
        // a 課 has files and its own mails, never a mail of an unknown sender or one that could not be read at all
        model.put("statuses", SubmissionFilter.STATUSES.stream().sorted()
                .filter(s -> user.maySeeAllDepartments() || !NOT_A_DEPARTMENTS.contains(s)).toList());
        model.put("departments", user.maySeeAllDepartments()
                ? scope.master().departments().stream().map(Department::name).toList() : List.of(user.department()));
        show(exchange, "submissions", model);
    }

    /** Statuses of mail that no 課 sent as far as the collector knows: listed to the division and the committee. */
    private static final java.util.Set<String> NOT_A_DEPARTMENTS = java.util.Set.of("unknown_sender", "unreadable");

    SubmissionFilter filter(Exchange exchange, User user) {
        String department = ConsoleHttp.param(exchange, "department").map(d -> scope.department(d, user).name())
                .orElse(user.maySeeAllDepartments() ? null : user.department());
        Set<String> statuses = new LinkedHashSet<>();
        ConsoleHttp.param(exchange, "status").ifPresent(s -> {
            if (!SubmissionFilter.STATUSES.contains(s)) {
                throw ConsoleDenied.badRequest("状態 " + s + " はありません。");
            }
            statuses.add(s);
        });
        int offset = ConsoleHttp.param(exchange, "offset").map(ConsolePages::nonNegative).orElse(0);
        LocalDate from = day(exchange, "from");
        LocalDate to = day(exchange, "to");
        // the filter refuses a reversed range as a programming error; from a request it is a typing slip
        if (from != null && to != null && to.isBefore(from)) {
            throw ConsoleDenied.badRequest("受付日（から）の " + format.date(from) + " が、受付日（まで）の "
                    + format.date(to) + " より後になっています。受付日（まで）には同じ日かそれより後の日を指定してください。");
        }
        return new SubmissionFilter(department, statuses, from, to, offset, PAGE_SIZE);
    }

    /** A receipt as the department received it, with a link to its original when that is in the archive. */
    public void receipt(Exchange exchange) throws SQLException, IOException {
        SubmissionFile file = ownFile(exchange);
        String text = file.receiptText(inbox).orElseThrow(ConsoleDenied::notFound);
        Map<String, Object> model = model(exchange, "submissions");
        model.put("file", file);
        model.put("text", text);
        // a received file that could not be archived (quarantined, or an upload kept aside) has no original to offer
        model.put("original", file.archivedFile(inbox).isPresent());
        show(exchange, "receipt", model);
    }

    /** A received file the user may see, or 403/404 with nothing of it. */
    SubmissionFile ownFile(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        long id = ConsoleHttp.pathParam(exchange, "id").map(ConsolePages::id).orElseThrow(ConsoleDenied::notFound);
        SubmissionFile file = queries.submissionFile(id).orElseThrow(ConsoleDenied::notFound);
        if (!user.maySeeAllDepartments() && !file.belongsTo(scope.department(user.department(), user))) {
            throw ConsoleDenied.forbidden();
        }
        return file;
    }

    /** ダウンロード: the workbooks and templates this user may take, of the plan and year chosen on the page. */
    public void downloads(Exchange exchange) {
        User user = ConsoleGate.user(exchange);
        PlanYear planYear = scope.chosenPlanYear(exchange, user);
        Map<String, Object> model = model(exchange, "downloads");
        model.put("planYear", planYear);
        model.put("departments", TemplateSpecBuilder
                .departments(planYear.plan(), scope.master().departments()).stream()
                .map(Department::name).filter(user::maySeeDepartment).toList());
        show(exchange, "downloads", model);
    }

    Map<String, Object> model(Exchange exchange, String nav) {
        User user = ConsoleGate.user(exchange);
        Session session = ConsoleGate.session(exchange);
        Map<String, Object> model = new HashMap<>();
        model.put("user", user);
        model.put("csrf", session.csrfToken());
        String division = scope.division();
        model.put("division", division);
        model.put("roleLabel", user.mayAdminister() ? division : Messages.text("console.role." + user.role().word()));
        model.put("nav", nav);
        model.put("fmt", format);
        model.put("plans", plansFor(user));
        return model;
    }

    /**
     * The plans the page's selector offers: every plan to the division and the committee; to a 課 the plans that
     * name it (another city's plan, or one without the 課, would only show an empty table), all where none does.
     */
    private List<PlanMaster> plansFor(User user) {
        if (user.maySeeAllDepartments()) {
            return scope.plans();
        }
        List<PlanMaster> own = scope.plans().stream().filter(p -> p.concerns(user.department())).toList();
        return own.isEmpty() ? scope.plans() : own;
    }

    private void show(Exchange exchange, String template, Map<String, Object> model) {
        ConsoleHttp.html(exchange, 200, renderer.render(template, model));
    }

    private static LocalDate day(Exchange exchange, String name) {
        return ConsoleHttp.param(exchange, name).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw ConsoleDenied.badRequest("日付は 2026-06-30 の形で指定してください。");
            }
        }).orElse(null);
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ConsoleDenied.notFound();
        }
    }

    /** A paging offset from the request (the pages' 次へ links); anything else is answered 400, saying so. */
    static int nonNegative(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ConsoleDenied.badRequest("表示する位置（offset）は 0 以上の整数で指定してください。画面の「次へ」「前へ」のリンクから"
                + "開き直してください。");
    }
}
