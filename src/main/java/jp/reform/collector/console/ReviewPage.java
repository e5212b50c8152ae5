package jp.reform.collector.console;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.OutgoingMail;
import jp.reform.collector.notify.SendBackNotice;
import jp.reform.collector.review.ReviewAction;
import jp.reform.collector.review.ReviewRepository;
import jp.reform.collector.review.ReviewState;
import jp.reform.collector.review.ReviewStatus;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.PendingChanges;
import jp.reform.collector.store.SubmissionRepository;
import jp.reform.collector.template.TemplateSpec;
import jp.reform.collector.template.TemplateSpecBuilder;
import jp.reform.collector.template.TemplateWorkbook;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The division's review of a 課's results in a round (確認済み / 差し戻し), on the 課's page. Only an admin
 * acts (the route's gate, and again here); everyone who may see the 課 sees its state and history. An action,
 * its audit line and (for 差し戻し) the mail to the 課 with its pre-filled template are one transaction.
 * The state is read from the database at every request, never cached: two instances agree.
 */
public final class ReviewPage {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewPage.class);
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final int DEFAULT_DAYS_TO_CORRECT = 7;
    // a form field reaches the HTTP server URL-encoded, at most 8,192 bytes (Vert.x): 800 kanji are 7,200
    static final int MAX_COMMENT_CHARS = 800;

    private final Database database;
    private final ConsoleScope scope;
    private final AuditLog audit;
    private final Outbox outbox;
    private final SendBackNotice notice;
    private final TemplateWorkbook templates;
    private final ConsoleFormat format;
    private final HolidayCalendar calendar;
    private final ReviewRepository reviews = new ReviewRepository();
    private final SubmissionRepository submissions = new SubmissionRepository();
    private final PendingChanges pending = new PendingChanges();

    ReviewPage(Database database, ConsoleScope scope, AuditLog audit, Outbox outbox, SendBackNotice notice,
               TemplateWorkbook templates, ConsoleFormat format, HolidayCalendar calendar) {
        this.format = format;
        this.calendar = calendar;
        this.database = database;
        this.scope = scope;
        this.audit = audit;
        this.outbox = outbox;
        this.notice = notice;
        this.templates = templates;
    }

    /** Each department's state in the round, for the status board. */
    Map<String, ReviewStatus> states(String plan, int fiscalYear) throws SQLException {
        return states(plan, fiscalYear, null);
    }

    /** Each department's state in the round, or only {@code department}'s (null: every department's). */
    Map<String, ReviewStatus> states(String plan, int fiscalYear, String department) throws SQLException {
        try (Connection c = database.connect()) {
            return reviews.states(c, plan, fiscalYear, department);
        }
    }

    /**
     * A 課's review in a round as its page shows it.
     *
     * @param history        its actions, newest first
     * @param sentBackCodes  its indicators still awaiting a correction
     */
    record DepartmentReview(ReviewStatus status, List<ReviewAction> history, Set<String> sentBackCodes) {
    }

    DepartmentReview review(PlanYear planYear, String department) throws SQLException {
        try (Connection c = database.connect()) {
            ReviewStatus status = reviews.states(c, planYear.code(), planYear.fiscalYear(), department).get(department);
            return new DepartmentReview(status == null ? new ReviewStatus(department, ReviewState.NOT_SUBMITTED, null)
                    : status, reviews.history(c, planYear.code(), planYear.fiscalYear(), department),
                    Set.copyOf(reviews.pendingIndicators(c, planYear.code(), planYear.fiscalYear(), department)));
        }
    }

    /**
     * The review of some of an indicator's 課 in a round: each one's state, and whether this indicator still
     * awaits its correction (as the 課's page flags it). One query for the states, one per 課 for the flags.
     */
    record IndicatorState(ReviewStatus status, boolean sentBack) {
    }

    Map<String, IndicatorState> indicatorStates(PlanYear planYear, List<String> departments, String indicatorCode)
            throws SQLException {
        Map<String, IndicatorState> found = new LinkedHashMap<>();
        if (departments.isEmpty()) {
            return found;
        }
        try (Connection c = database.connect()) {
            Map<String, ReviewStatus> states = reviews.states(c, planYear.code(), planYear.fiscalYear(),
                    departments.size() == 1 ? departments.get(0) : null);
            for (String department : departments) {
                ReviewStatus status = states.get(department);
                found.put(department, new IndicatorState(status == null
                        ? new ReviewStatus(department, ReviewState.NOT_SUBMITTED, null) : status,
                        reviews.pendingIndicators(c, planYear.code(), planYear.fiscalYear(), department)
                                .contains(indicatorCode)));
            }
        }
        return found;
    }

    /** What a 課's page shows of its review: state, history, indicators sent back, the form's default date. */
    void addTo(Map<String, Object> model, PlanYear planYear, Department departmentShown) throws SQLException {
        DepartmentReview review = review(planYear, departmentShown.name());
        model.put("review", review.status());
        model.put("reviewHistory", review.history());
        model.put("sentBackCodes", review.sentBackCodes());
        model.put("reviewDue", defaultDue());
        // said before the admin sends back, not after: the action is still recorded, but no mail can go
        model.put("reviewNoAddress", departmentShown.emails().isEmpty());
    }

    /** POST /departments/{department}/review: 確認済み, or 差し戻し with a comment. */
    public void review(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        if (!user.mayAdminister()) {
            throw ConsoleDenied.forbidden(); // the route's gate refused and recorded it already; a second lock
        }
        Department department = scope.department(ConsoleHttp.pathParam(exchange, "department")
                .orElseThrow(ConsoleDenied::notFound), user);
        PlanYear planYear = scope.namedPlanYear(exchange, user);
        if (!planYear.plan().responsibleFor(department.name())) {
            throw ConsoleDenied.badRequest(department.name() + " には " + planYear.name() + " の指標がありません。");
        }
        Input input;
        try {
            input = read(exchange, planYear, department);
        } catch (ConsoleDenied refused) {
            if (refused.status() != 400) {
                throw refused;
            }
            // what was typed is not lost: the 課's page is shown again with it and the reason (ConsolePages)
            throw new Refused(department, planYear, SentForm.of(exchange), refused.getMessage());
        }
        ReviewState state = input.state();
        String comment = input.comment();
        List<Indicator> indicators = input.indicators();
        LocalDate due = input.due();
        Optional<Long> seen = input.seen();
        Optional<Long> reviewed = input.reviewed();
        // the template is written before the transaction: it reads the 課's current values, which the review
        // does not change, and the transaction then holds no lock while a workbook is made
        OutgoingMail.Attachment template = state == ReviewState.SENT_BACK ? template(planYear, department) : null;
        List<String> codes = indicators.stream().map(Indicator::code).toList();
        boolean mailed = false;
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                // a file of the plan being taken in is waited for (loads hold this lock until they commit), so
                // that the check below sees it and the action's time comes after its rows' (review.sql)
                submissions.lockPlan(c, planYear.code());
                reviews.lock(c, planYear.code(), planYear.fiscalYear(), department.name());
                ReviewStatus before = reviews.states(c, planYear.code(), planYear.fiscalYear(), department.name())
                        .get(department.name());
                refuseStale(department.name(), seen, before);
                if (state == ReviewState.CONFIRMED && (before == null || before.state() == ReviewState.NOT_SUBMITTED)) {
                    throw ConsoleDenied.badRequest(department.name() + " の実績はまだ提出されていないため、確認済みにできません。");
                }
                refuseRepeat(before, state, comment, codes, due);
                refuseUnseenReview(before, reviewed);
                ReviewAction done = reviews.insert(c, planYear.code(), planYear.fiscalYear(), department.name(),
                        state, comment, codes, due, user.login());
                if (state == ReviewState.SENT_BACK) {
                    // a closed round holds the corrected file when it comes: the mail says so (read after the
                    // plan's lock, which closing takes too)
                    boolean closed = pending.closure(c, planYear.code(), planYear.fiscalYear()).isPresent();
                    mailed = outbox.queue(c, notice.mail(planYear.plan().plan(), planYear.fiscalYear(),
                            department.name(), department.emails(), done.reviewId(), comment,
                            indicators.stream().map(i -> new SendBackNotice.Item(i.code(), i.name())).toList(),
                            due, template, closed));
                }
                audit.record(c, new AuditEntry(user.login(), user.role().word(),
                        state == ReviewState.SENT_BACK ? AuditAction.REVIEW_SENT_BACK : AuditAction.REVIEW_CONFIRMED,
                        planYear.code(), planYear.fiscalYear(), department.name(), codes.size() == 1 ? codes.get(0) : null,
                        Map.of("state", before == null ? ReviewState.NOT_SUBMITTED.code() : before.code()),
                        after(done, mailed), ConsoleHttp.remoteAddress(exchange)));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (state == ReviewState.SENT_BACK && !mailed) {
            LOG.warn("{} sent back without a mail: no address in departments.csv", department.name());
        }
        ConsoleHttp.redirect(exchange, "/departments/" + ConsoleHttp.encode(department.name()) + "?plan="
                + ConsoleHttp.encode(planYear.code()) + "&fy=" + planYear.fiscalYear() + "#review");
    }

    /** A review form as read and checked, before anything is locked or written. */
    private record Input(ReviewState state, String comment, List<Indicator> indicators, LocalDate due,
                         Optional<Long> seen, Optional<Long> reviewed) {
    }

    /**
     * The review form as it was sent, for the 課's page shown again with it after a refusal: the fields as typed
     * (stripped, as they are read), the indicators ticked. Never trusted: the page escapes it all.
     */
    public record SentForm(String action, String comment, Set<String> indicators, String due, String seen,
                    String reviewed) {

        public SentForm {
            indicators = Set.copyOf(indicators);
        }

        static SentForm of(Exchange exchange) {
            return new SentForm(ConsoleHttp.param(exchange, "action").orElse(null),
                    ConsoleHttp.param(exchange, "comment").orElse(null), values(exchange, "indicator"),
                    ConsoleHttp.param(exchange, "due").orElse(null), ConsoleHttp.param(exchange, "seen").orElse(null),
                    ConsoleHttp.param(exchange, "reviewed").orElse(null));
        }

        public boolean ticked(String indicatorCode) {
            return indicators.contains(indicatorCode);
        }

        /** Whether the page the form came from showed another latest file or review action than {@code now}. */
        boolean shownBefore(ReviewStatus now) {
            long file = now == null || now.lastFile() == null ? 0 : now.lastFile();
            long action = now == null || now.latest() == null ? 0 : now.latest().reviewId();
            return differs(seen, file) || differs(reviewed, action);
        }

        private static boolean differs(String shown, long now) {
            return shown != null && !shown.equals(Long.toString(now));
        }
    }

    /**
     * A review form refused for what it says (400: no comment, a deadline on a closed day, an indicator not the
     * 課's …): nothing was recorded or mailed, and the 課's page is shown again with the form as sent and why.
     */
    static final class Refused extends RuntimeException {

        private final transient Department department;
        private final transient PlanYear planYear;
        private final transient SentForm form;

        Refused(Department department, PlanYear planYear, SentForm form, String message) {
            super(message, null, false, false);
            this.department = department;
            this.planYear = planYear;
            this.form = form;
        }

        Department department() {
            return department;
        }

        PlanYear planYear() {
            return planYear;
        }

        SentForm form() {
            return form;
        }
    }

    /** The form's fields read and checked; a mistake in them is answered 400 with what to put right. */
    private Input read(Exchange exchange, PlanYear planYear, Department department) {
        String action = ConsoleHttp.param(exchange, "action").orElse("");
        ReviewState state = switch (action) {
            case "confirm" -> ReviewState.CONFIRMED;
            case "send_back" -> ReviewState.SENT_BACK;
            default -> throw ConsoleDenied.badRequest("操作を選んでください（確認済みにする・差し戻す）。");
        };
        String comment = ConsoleHttp.param(exchange, "comment").orElse(null);
        if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
            throw ConsoleDenied.badRequest("コメントは " + MAX_COMMENT_CHARS + " 字以内で入力してください。");
        }
        List<Indicator> indicators = List.of();
        LocalDate due = null;
        if (state == ReviewState.SENT_BACK) {
            if (comment == null) {
                throw ConsoleDenied.badRequest("差し戻す場合は、修正してほしい点をコメントに入力してください。");
            }
            indicators = indicators(exchange, planYear, department.name());
            due = ConsoleHttp.param(exchange, "due").map(ReviewPage::date).orElse(defaultDue());
            if (due.isBefore(scope.today()) || due.isAfter(scope.today().plusYears(1))) {
                throw ConsoleDenied.badRequest("修正の期限は本日から1年以内の日付を指定してください。");
            }
            if (!calendar.isWorkingDay(due)) {
                // a deadline the 課 cannot meet at the office: said as the submission deadline's move is said
                throw ConsoleDenied.badRequest("修正の期限 " + format.date(due) + " は閉庁日（"
                        + calendar.holidayName(due).orElse(due.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.JAPAN))
                        + "）です。開庁日を指定してください。");
            }
        }
        // the 課's file of the round taken in last that the page showed (0: none); a form without it is not checked
        Optional<Long> seen = ConsoleHttp.shownNumber(exchange, "seen");
        // the latest review action the page showed (0: none); a form without it is not checked
        Optional<Long> reviewed = ConsoleHttp.shownNumber(exchange, "reviewed");
        return new Input(state, comment, indicators, due, seen, reviewed);
    }

    /** A week from today, moved to the working day before when the office is closed then. */
    private LocalDate defaultDue() {
        return calendar.previousWorkingDay(scope.today().plusDays(DEFAULT_DAYS_TO_CORRECT));
    }

    /**
     * The division judged the page as it was: a file of the round that came after the page was shown (or was
     * being taken in when the button was pressed) has not been seen, and must not be confirmed or sent back
     * unseen.
     */
    private static void refuseStale(String department, Optional<Long> seen, ReviewStatus before) {
        long latest = before == null || before.lastFile() == null ? 0 : before.lastFile();
        if (seen.isPresent() && seen.get() != latest) {
            throw ConsoleDenied.stale("この画面を開いた後に、" + department + "から新しい実績のファイルが届きました。"
                    + "画面を更新して内容を確認してから、もう一度操作してください。");
        }
    }

    /**
     * Two admins on the same 課: what one did after the other's page was shown (a 差し戻し already mailed to the 課)
     * must not be undone unseen by a 確認済み, or replaced by another 差し戻し, from the older page.
     */
    private void refuseUnseenReview(ReviewStatus before, Optional<Long> reviewed) {
        ReviewAction latest = before == null ? null : before.latest();
        long latestId = latest == null ? 0 : latest.reviewId();
        if (reviewed.isPresent() && reviewed.get() != latestId && latest == null) {
            // no page of this 課 ever showed a review action: a form not made by the console
            throw ConsoleDenied.badRequest("確認・差し戻しの記録の番号が正しくありません。画面を更新して、もう一度操作してください。");
        }
        if (reviewed.isPresent() && reviewed.get() != latestId) {
            throw ConsoleDenied.stale("この画面を開いた後に、" + format.person(latest.actor()) + " さんが "
                    + format.time(latest.actedAt()) + " に" + before.department() + "を「" + latest.state().label()
                    + "」にしました。画面を更新して内容を確認してから、もう一度操作してください。");
        }
    }

    /**
     * A second click, a reloaded form or a second admin at the same moment: confirming what is confirmed, or
     * sending back again with the same comment, indicators and deadline while the 差し戻し stands, would only
     * add a line to the history and, for a 差し戻し, a second identical mail to the 課. Answered 409 with who did
     * it; a 差し戻し saying something else, or one after the 課 has sent results again, goes ahead.
     */
    private void refuseRepeat(ReviewStatus before, ReviewState state, String comment, List<String> codes,
                              LocalDate due) {
        ReviewAction latest = before == null ? null : before.latest();
        if (latest == null || before.state() != state) {
            return;
        }
        String who = format.person(latest.actor()) + " さんが " + format.time(latest.actedAt());
        if (state == ReviewState.CONFIRMED) {
            throw ConsoleDenied.conflict(before.department() + " は既に確認済みです（" + who
                    + " に確認済みにしました）。画面を更新して確認してください。");
        }
        if (Objects.equals(latest.comment(), comment) && latest.correctionDue() != null
                && latest.correctionDue().equals(due) && Set.copyOf(latest.indicatorCodes()).equals(Set.copyOf(codes))) {
            throw ConsoleDenied.conflict(before.department() + " には既に同じ内容で差し戻しています（" + who
                    + "）。メールは重ねて送っていません。画面を更新して確認してください。");
        }
    }

    private static Map<String, Object> after(ReviewAction done, boolean mailed) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("state", done.state().code());
        after.put("review_id", done.reviewId());
        if (done.comment() != null) {
            after.put("comment", done.comment());
        }
        if (done.state() == ReviewState.SENT_BACK) {
            after.put("indicators", done.indicatorCodes());
            after.put("correction_due", done.correctionDue().toString());
            after.put("mailed", mailed);
        }
        return after;
    }

    /** The indicators named in the form: each must be one of the 課's in the plan. */
    private static List<Indicator> indicators(Exchange exchange, PlanYear planYear, String department) {
        List<Indicator> found = new ArrayList<>();
        for (String code : values(exchange, "indicator")) {
            Optional<Indicator> indicator = planYear.plan().indicator(code);
            if (indicator.isEmpty() || !indicator.get().departments().contains(department)) {
                throw ConsoleDenied.badRequest("指標 " + code + " は " + department + " の指標ではありません。");
            }
            found.add(indicator.get());
        }
        return found;
    }

    /** Every value of a repeated form field (one per ticked box), without blanks or repeats. */
    static Set<String> values(Exchange exchange, String name) {
        Object body = exchange.getMessage().getBody();
        Object value = body instanceof Map<?, ?> form && form.containsKey(name) ? form.get(name)
                : exchange.getMessage().getHeader(name);
        Set<String> values = new LinkedHashSet<>();
        if (value instanceof Iterable<?> many) {
            many.forEach(v -> {
                if (v != null && !v.toString().isBlank()) {
                    values.add(ConsoleHttp.withoutNul(v.toString().strip()));
                }
            });
        } else if (value != null && !value.toString().isBlank()) {
            values.add(ConsoleHttp.withoutNul(value.toString().strip()));
        }
        return values;
    }

    private OutgoingMail.Attachment template(PlanYear planYear, Department department) throws SQLException {
        TemplateSpec spec = new TemplateSpecBuilder(database).build(planYear.plan(), planYear.fiscalYear(), department);
        return new OutgoingMail.Attachment(TemplateWorkbook.fileName(spec), XLSX, templates.write(spec));
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ConsoleDenied.badRequest("修正の期限は 2026-07-10 の形で指定してください。");
        }
    }
}
