package jp.reform.collector.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.master.Department;
import org.apache.camel.Exchange;

/**
 * The console's read model as JSON for the division's own tools (Excel Power Query, BI): the same rows as
 * the pages, under the same sign-in and the same rules of what each role may see.
 */
public final class ConsoleApi {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ConsoleQueries queries;
    private final ConsoleScope scope;
    private final ConsolePages pages;

    ConsoleApi(ConsoleQueries queries, ConsoleScope scope, ConsolePages pages) {
        this.queries = queries;
        this.scope = scope;
        this.pages = pages;
    }

    public void board(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        PlanYear planYear = scope.planYear(exchange, user);
        // a department user gets its own row only; the committee's plan-wide table is no department's data
        StatusBoard board = queries.statusBoard(planYear.code(), planYear.fiscalYear(), scope.today(), planYear.round(),
                user.maySeeAllDepartments() ? null : user.department());
        send(exchange, board);
    }

    public void department(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        Department department = scope.department(ConsoleHttp.param(exchange, "department")
                .orElseThrow(ConsoleDenied::notFound), user);
        PlanYear planYear = scope.planYear(exchange, user);
        send(exchange, queries.departmentPage(planYear.code(), planYear.fiscalYear(), department.name()));
    }

    public void indicator(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        IndicatorPage page = queries.indicatorPage(ConsoleHttp.param(exchange, "plan").orElseThrow(ConsoleDenied::notFound),
                ConsoleHttp.param(exchange, "code").orElseThrow(ConsoleDenied::notFound)).orElseThrow(ConsoleDenied::notFound);
        if (!user.maySeeAllDepartments() && !page.ownedBy(user.department())) {
            throw ConsoleDenied.forbidden();
        }
        send(exchange, page);
    }

    public void submissions(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        List<SubmissionRow> rows = queries.submissions(pages.filter(exchange, user));
        send(exchange, Map.of("submissions", rows));
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
