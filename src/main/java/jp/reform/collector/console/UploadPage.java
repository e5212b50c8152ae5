package jp.reform.collector.console;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.intake.ArchiveNames;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.IngestOutcome;
import jp.reform.collector.intake.WebUpload;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 提出: a department user's upload on its own page. The route takes it through the same ingest path as
 * the folder and the mailbox ({@code direct:ingest}); the user then sees the receipt at once. Only a
 * department user submits, and only for its own department: the department is the user's, never a name
 * from the request.
 */
public final class UploadPage {

    private static final Logger LOG = LoggerFactory.getLogger(UploadPage.class);
    static final String INCOMING = "incomingFile";

    private final WebUpload uploads;
    private final ConsoleQueries queries;
    private final AuditLog audit;
    private final long maxBytes;

    /** @param maxBytes the largest file taken, as for a mailed attachment (mail.max-attachment-mb) */
    UploadPage(WebUpload uploads, ConsoleQueries queries, AuditLog audit, long maxBytes) {
        this.uploads = uploads;
        this.queries = queries;
        this.audit = audit;
        this.maxBytes = maxBytes;
    }

    /** Checks who uploads what, and stages the file for the ingest path. */
    public void receive(Exchange exchange) throws IOException {
        User user = ConsoleGate.user(exchange);
        if (user.department() == null || !user.maySubmitFor(user.department())) {
            LOG.warn("Upload refused: {} ({}) is not a department's user", LogText.escape(user.login()),
                    user.role().word());
            // a wrong role's POST, recorded as the gate records one on an admin-only action
            ConsoleGate.refused(audit, exchange, user, "role");
            throw ConsoleDenied.forbidden();
        }
        UploadedFile sent = UploadedFile.of(exchange, maxBytes, "提出するファイルを一つ選んでから「提出する」を押してください。",
                "不要なシートや画像を削除して保存し直したファイルを提出してください。");
        IncomingFile incoming = uploads.stage(sent.file().toPath(), sent.name(), user.department());
        exchange.setProperty(INCOMING, incoming);
        exchange.getMessage().setBody(incoming);
    }

    /**
     * After ingest: archives the original, records who uploaded it, shows its receipt (from the database, so
     * that a file received but not archivable is shown received, not as an error to upload again).
     */
    public void done(Exchange exchange) throws SQLException {
        IngestOutcome outcome = exchange.getMessage().getBody(IngestOutcome.class);
        IncomingFile incoming = exchange.getProperty(INCOMING, IncomingFile.class);
        boolean archived = uploads.archive(incoming, outcome);
        User user = ConsoleGate.user(exchange);
        Map<String, Object> after = new LinkedHashMap<>();
        // as the console shows a name: a line break or bidi override in it is not written raw into the log
        after.put("file", ArchiveNames.shown(incoming.originalName()));
        after.put("receipt_no", outcome.receiptNo());
        after.put("status", outcome.status().dbValue());
        if (!archived) {
            after.put("archived", false);
        }
        audit.record(new AuditEntry(user.login(), user.role().word(), AuditAction.UPLOAD, null, null,
                incoming.departmentName(), null, null, after, ConsoleHttp.remoteAddress(exchange)));
        long id = queries.submissionId(outcome.receiptNo()).orElseThrow(ConsoleDenied::notFound);
        ConsoleHttp.redirect(exchange, "/submissions/" + id + "/receipt");
    }

    /** Whatever happened: nothing of the upload stays in staging. */
    public void cleanUp(Exchange exchange) {
        IncomingFile incoming = exchange.getProperty(INCOMING, IncomingFile.class);
        if (incoming != null) {
            uploads.cleanUp(incoming);
        }
    }
}
