package jp.reform.collector.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.evaluate.GradeOverrides;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.GradeWords;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.review.ReviewAction;
import jp.reform.collector.review.ReviewState;
import jp.reform.collector.review.ReviewStatus;
import jp.reform.collector.store.PendingChanges;
import jp.reform.collector.store.ReportQueries.OverrideRow;
import org.apache.camel.Exchange;

/**
 * The console's read model as JSON for the division's own tools (Excel Power Query, BI): the same rows as
 * the pages, under the same sign-in and the same rules of what each role may see. The pages' review state
 * (確認状況), the committee's final grades and the round's 締切 are added to the read model's rows here, as the
 * pages add them, with a person's name only where the role's pages show it.
 */
public final class ConsoleApi {

    /**
     * BigDecimals written plain: a tree (valueToTree) strips trailing zeros, and BigDecimal.toString writes the
     * 100 left of 100.0000 as 1E+2, which Power Query and people read as text or misread.
     */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private final ConsoleQueries queries;
    private final ConsoleScope scope;
    private final ConsolePages pages;
    private final ReviewPage reviews;

    ConsoleApi(ConsoleQueries queries, ConsoleScope scope, ConsolePages pages, ReviewPage reviews) {
        this.queries = queries;
        this.scope = scope;
        this.pages = pages;
        this.reviews = reviews;
    }

    /**
     * A 課's review state: {@code state} is not_submitted, submitted, confirmed or sent_back, {@code label} the
     * page's word for it; {@code latest} the action it comes from (null: none yet).
     */
    record Review(String state, String label, Action latest) {
    }

    /**
     * One review action. {@code actor} is the admin's login, null for a department user (its page names the
     * division, not the person); {@code indicatorCodes} empty when the whole report was sent back.
     */
    record Action(long reviewId, String state, String label, String comment, List<String> indicatorCodes,
                  LocalDate correctionDue, String actor, Instant actedAt) {
    }

    /**
     * Whether an indicator's 課 (one the user may see) stands in the round: its review state as on its page, and
     * {@code sentBack}, whether this indicator still awaits the correction asked for.
     */
    record IndicatorReview(String department, String state, String label, Action latest, boolean sentBack) {
    }

    public void board(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        PlanYear planYear = scope.planYear(exchange, user);
        // a department user gets its own row only; the committee's plan-wide table is no department's data
        String only = user.maySeeAllDepartments() ? null : user.department();
        StatusBoard board = only == null
                ? queries.statusBoard(planYear.code(), planYear.fiscalYear(), scope.today(), planYear.round(),
                        scope.roundEnds(planYear), null)
                : queries.departmentStatus(planYear.code(), planYear.fiscalYear(), scope.today(), planYear.round(),
                        scope.roundEnds(planYear), only);
        Map<String, ReviewStatus> states = reviews.states(planYear.code(), planYear.fiscalYear(), only);
        ObjectNode tree = JSON.valueToTree(board);
        for (JsonNode row : tree.path("departments")) {
            String department = row.path("department").asText();
            ((ObjectNode) row).set("review", JSON.valueToTree(review(states.get(department), department, user)));
        }
        // the board's notes of final grades: a department user's own indicators only
        List<OverrideRow> finalGrades = queries.finalGrades(planYear.code(), planYear.fiscalYear()).stream()
                .filter(o -> user.maySeeAllDepartments() || planYear.plan().indicator(o.indicatorCode())
                        .map(Indicator::departments).orElse(List.of()).contains(user.department()))
                .toList();
        tree.set("finalGrades", JSON.valueToTree(finalGrades));
        // beside the canonical grades that count, the words the plan writes them in (A, not 達成)
        GradeWords words = GradeWords.of(planYear.plan().plan());
        for (JsonNode o : tree.path("finalGrades")) {
            labelled((ObjectNode) o, words);
        }
        closure(tree, planYear, user);
        send(exchange, tree);
    }

    public void department(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        Department department = scope.department(ConsoleHttp.pathParam(exchange, "department")
                .orElseThrow(ConsoleDenied::notFound), user);
        PlanYear planYear = scope.planYear(exchange, user);
        DepartmentPage page = queries.departmentPage(planYear.code(), planYear.fiscalYear(), department.name())
                .withReportsOf(reporter -> scope.maySee(user, reporter));
        ReviewPage.DepartmentReview review = reviews.review(planYear, department.name());
        ObjectNode tree = JSON.valueToTree(page);
        GradeWords words = GradeWords.of(planYear.plan().plan());
        for (JsonNode row : tree.path("indicators")) {
            ((ObjectNode) row).put("sentBack", review.sentBackCodes().contains(row.path("indicatorCode").asText()));
            // the final grade in the plan's word at the step chosen (D, where finalGrade says 未達成)
            labelled((ObjectNode) row, words, "finalGrade", "finalLevel");
        }
        tree.set("review", JSON.valueToTree(review(review.status(), department.name(), user)));
        tree.set("reviewHistory", JSON.valueToTree(review.history().stream().map(a -> action(a, user)).toList()));
        // the page's 提出期限 and 締切 notice
        tree.set("deadline", JSON.valueToTree(StatusBoard.Deadline.of(planYear.round(), scope.today())));
        closure(tree, planYear, user);
        send(exchange, tree);
    }

    public void indicator(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        String plan = ConsoleHttp.pathParam(exchange, "plan").orElseThrow(ConsoleDenied::notFound);
        String code = ConsoleHttp.pathParam(exchange, "code").orElseThrow(ConsoleDenied::notFound);
        IndicatorPage page = queries.indicatorPage(plan, code).orElseThrow(ConsoleDenied::notFound)
                .withVersionsOf(department -> scope.maySee(user, department));
        if (!user.maySeeAllDepartments() && !page.ownedBy(user.department())) {
            throw ConsoleDenied.forbidden();
        }
        ObjectNode tree = JSON.valueToTree(page);
        // as the page's list of final grades: who set each (to a 課, the division: setBy null), when, and whether
        // a newer result came since
        tree.set("finalGrades", JSON.valueToTree(queries.finalGrades(plan, code).values().stream()
                .map(o -> finalGrade(o, user)).toList()));
        // as the page and the committee workbook write them: the plan's own words beside the canonical grades,
        // and the words the final-grade form takes (final_grade)
        GradeWords words = scope.master().plan(plan).map(p -> GradeWords.of(p.plan())).orElse(GradeWords.DEFAULT);
        for (JsonNode o : tree.path("finalGrades")) {
            labelled((ObjectNode) o, words);
        }
        for (JsonNode y : tree.path("years")) {
            labelled((ObjectNode) y, words, "finalGrade", "finalLevel");
        }
        tree.set("finalGradeChoices", JSON.valueToTree(GradeOverrides.choices(words).stream()
                .map(GradeOverrides.Choice::word).toList()));
        // the review of its 課 in the plan-year asked for (else the round's), as their pages show it: a
        // department user's own 課 only, also of an indicator it shares with another
        PlanYear planYear = scope.planYear(exchange, user);
        ObjectNode review = tree.putObject("review");
        review.put("fiscalYear", planYear.fiscalYear());
        review.set("departments", JSON.valueToTree(reviews.indicatorStates(planYear,
                page.departments().stream().filter(user::maySeeDepartment).toList(), code).entrySet().stream()
                .map(e -> indicatorReview(e.getKey(), e.getValue(), user)).toList()));
        send(exchange, tree);
    }

    public void submissions(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        List<SubmissionRow> rows = queries.submissions(pages.filter(exchange, user));
        send(exchange, Map.of("submissions", rows));
    }

    /**
     * The round's closing (締切) as the pages show it: {@code closed} to everyone; {@code closedAt} where the
     * status board shows it (admin, viewer; a 課's page says 締切 only); {@code closedBy} where the 締切・保留 page
     * names the person (admin only).
     */
    private void closure(ObjectNode tree, PlanYear planYear, User user) throws SQLException {
        Optional<PendingChanges.Closure> closure = queries.roundClosure(planYear.code(), planYear.fiscalYear());
        tree.put("closed", closure.isPresent());
        tree.set("closedAt", JSON.valueToTree(user.maySeeAllDepartments()
                ? closure.map(PendingChanges.Closure::closedAt).orElse(null) : null));
        tree.put("closedBy", user.mayAdminister() ? closure.map(PendingChanges.Closure::closedBy).orElse(null) : null);
    }

    private static IndicatorReview indicatorReview(String department, ReviewPage.IndicatorState review, User user) {
        Review state = review(review.status(), department, user);
        return new IndicatorReview(department, state.state(), state.label(), state.latest(), review.sentBack());
    }

    private static Review review(ReviewStatus status, String department, User user) {
        ReviewStatus known = status == null ? new ReviewStatus(department, ReviewState.NOT_SUBMITTED, null) : status;
        return new Review(known.code(), known.label(), known.latest() == null ? null : action(known.latest(), user));
    }

    /** A final grade's computed and final grade in the plan's words, each at its step (computedLevel, finalLevel). */
    private static void labelled(ObjectNode node, GradeWords words) {
        labelled(node, words, "finalGrade", "finalLevel");
        labelled(node, words, "computedGrade", "computedLevel");
    }

    /**
     * Adds {@code <field>Label}, the plan's word for a canonical grade field at the step {@code levelField} holds
     * (null or absent: the grade's first step); null stays null.
     */
    private static void labelled(ObjectNode node, GradeWords words, String field, String levelField) {
        JsonNode grade = node.path(field);
        JsonNode level = node.path(levelField);
        node.put(field + "Label", grade.isTextual()
                ? words.label(grade.asText(), level.isIntegralNumber() ? level.asInt() : null) : null);
    }

    /** A final grade as the indicator page shows it: the admin who set it named to admins and viewers only. */
    private static GradeOverrides.Override finalGrade(GradeOverrides.Override o, User user) {
        return user.maySeeAllDepartments() ? o : new GradeOverrides.Override(o.fiscalYear(), o.computedGrade(),
                o.finalGrade(), o.reason(), null, o.setAt(), o.newerResult(), o.finalLevel(), o.computedLevel());
    }

    private static Action action(ReviewAction a, User user) {
        return new Action(a.reviewId(), a.state().code(), a.state().label(), a.comment(), a.indicatorCodes(),
                a.correctionDue(), user.maySeeAllDepartments() ? a.actor() : null, a.actedAt());
    }

    private static void send(Exchange exchange, Object value) {
        ConsoleHttp.respond(exchange, 200, ConsoleHttp.JSON).setBody(json(value));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
