package jp.reform.collector.console;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import jp.reform.collector.audit.AuditLog;
import org.apache.camel.Exchange;

/**
 * 操作記録: the audit log, newest first, a hundred lines a page. The administrative division only (the
 * route's gate); nothing on the page changes it.
 */
public final class AuditPage {

    private final AuditLog audit;
    private final ConsolePages pages;
    private final PageRenderer renderer;

    AuditPage(AuditLog audit, ConsolePages pages, PageRenderer renderer) {
        this.audit = audit;
        this.pages = pages;
        this.renderer = renderer;
    }

    public void show(Exchange exchange) throws SQLException {
        if (!ConsoleGate.user(exchange).mayAdminister()) {
            throw ConsoleDenied.forbidden(); // the route's gate already refused; a second lock on the door
        }
        int offset = ConsoleHttp.param(exchange, "offset").map(ConsolePages::nonNegative).orElse(0);
        List<AuditLog.Line> lines = audit.page(ConsolePages.PAGE_SIZE, offset);
        long total = audit.count();
        Map<String, Object> model = pages.model(exchange, "audit");
        model.put("lines", lines);
        model.put("total", total);
        model.put("prevOffset", offset > 0 ? Math.max(0, offset - ConsolePages.PAGE_SIZE) : null);
        model.put("nextOffset", offset + ConsolePages.PAGE_SIZE < total ? offset + ConsolePages.PAGE_SIZE : null);
        ConsoleHttp.html(exchange, 200, renderer.render("audit", model));
    }
}
