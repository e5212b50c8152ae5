package jp.reform.collector.console;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.notify.MailWords;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.OutboxRepository.Undelivered;
import jp.reform.collector.store.OutboxRepository;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 送信できなかったメール: the mail that failed (a relay that refused it, a server down longer than the service
 * retries) or of which it is not known whether it was sent (the service stopped while sending), with the reason, and
 * a button to send one again once its cause is fixed, as IT staff did with {@code outbox retry}. A mail not known to
 * have been sent is sent again only with the box saying it did not arrive ticked: it would otherwise arrive twice.
 * The resend and its line in the audit log are one transaction. The division only.
 */
public final class MailPage {

    private static final Logger LOG = LoggerFactory.getLogger(MailPage.class);
    /** Mails listed; the exception report lists every one. */
    static final int SHOWN = 200;

    private final Database database;
    private final AuditLog audit;
    private final ConsolePages pages;
    private final PageRenderer renderer;
    private final OutboxRepository outbox = new OutboxRepository();
    private final OneTimeNotices<String> notices;

    MailPage(Database database, AuditLog audit, ConsolePages pages, PageRenderer renderer, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.pages = pages;
        this.renderer = renderer;
        this.notices = new OneTimeNotices<>(clock);
    }

    public void show(Exchange exchange) throws SQLException {
        ConsoleGate.administrator(exchange);
        List<Undelivered> mails;
        try (Connection c = database.connect()) {
            mails = outbox.undelivered(c, SHOWN);
        }
        Map<String, Object> model = pages.model(exchange, "mail");
        model.put("mails", mails);
        model.put("mailNotice", notices.take(ConsoleGate.session(exchange).id()).orElse(null));
        ConsoleHttp.html(exchange, 200, renderer.render("mail", model));
    }

    public void retry(Exchange exchange) throws SQLException {
        User user = ConsoleGate.administrator(exchange);
        long id = id(exchange);
        if (ConsoleHttp.param(exchange, "confirm").filter("yes"::equals).isEmpty()) {
            throw ConsoleDenied.badRequest("再送する場合は、チェックを入れてから「再送する」を押してください。");
        }
        List<Undelivered> queued;
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                // a mail not known to have been sent goes again only from a form that showed it so, with its box
                // ("it did not arrive"): one that failed when the page was shown may be unconfirmed by now
                boolean unconfirmedShown = ConsoleHttp.param(exchange, "shown").filter("unconfirmed"::equals).isPresent();
                queued = outbox.requeue(c, List.of(id), null, unconfirmedShown);
                if (queued.isEmpty()) {
                    c.rollback();
                    throw ConsoleDenied.conflict("このメールは、既に再送の待ち行列に入っているか、送信済みです。"
                            + "画面を更新して確認してください。");
                }
                Undelivered mail = queued.get(0);
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("mail_id", mail.id());
                after.put("kind", MailWords.kind(mail.kind()));
                after.put("recipients", mail.addresses());
                after.put("subject", mail.subject());
                after.put("mail_status", MailWords.status(mail.status()));
                audit.record(c, new AuditEntry(user.login(), user.role().word(), AuditAction.MAIL_REQUEUED, null, null,
                        null, null, null, after, ConsoleHttp.remoteAddress(exchange)));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        Undelivered mail = queued.get(0);
        LOG.info("Mail {} ({}) queued again on the console by {}", mail.id(), mail.kind(), LogText.escape(user.login()));
        notices.put(ConsoleGate.session(exchange).id(), "メール「" + mail.subject() + "」（宛先 " + mail.recipients()
                + "）を再送します。通常1分以内に送信します。");
        ConsoleHttp.redirect(exchange, "/mail");
    }

    private static long id(Exchange exchange) {
        String text = ConsoleHttp.pathParam(exchange, "id").orElseThrow(ConsoleDenied::notFound);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ConsoleDenied.notFound();
        }
    }

}
