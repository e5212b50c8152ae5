package jp.reform.collector.console;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.reform.collector.committee.CommitteeReportBuilder;
import jp.reform.collector.committee.CommitteeWorkbook;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.exceptionreport.ExceptionReport;
import jp.reform.collector.exceptionreport.ExceptionReportWorkbook;
import jp.reform.collector.master.Department;
import jp.reform.collector.notify.ExceptionReporter;
import jp.reform.collector.store.Database;
import jp.reform.collector.template.TemplateSpec;
import jp.reform.collector.template.TemplateSpecBuilder;
import jp.reform.collector.template.TemplateWorkbook;
import org.apache.camel.Exchange;

/**
 * Files the console hands out: the committee workbook, a department's pre-filled template (and all of them
 * as one zip), today's exception workbook, and a received file's archived original. Each checks the user's
 * role and department first; a refused download sends nothing of the file.
 */
public final class ConsoleDownloads {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Database database;
    private final ConsoleScope scope;
    private final ConsolePages pages;
    private final ExceptionReporter exceptionReporter;
    private final Path inbox;
    private final TemplateWorkbook templates;

    ConsoleDownloads(Database database, ConsoleScope scope, ConsolePages pages, ExceptionReporter exceptionReporter,
                     Path inbox, TemplateWorkbook templates) {
        this.database = database;
        this.scope = scope;
        this.pages = pages;
        this.exceptionReporter = exceptionReporter;
        this.inbox = inbox;
        this.templates = templates;
    }

    /**
     * The committee's workbook: admin and viewers. Streamed into a temporary file and sent from there (never
     * whole in memory); the file goes when the response has been sent, or when the client goes away first.
     */
    public void committeeWorkbook(Exchange exchange) throws SQLException, IOException {
        User user = ConsoleGate.user(exchange);
        if (!user.maySeeAllDepartments()) {
            throw ConsoleDenied.forbidden();
        }
        PlanYear planYear = scope.planYear(exchange, user);
        Path file = Files.createTempFile("committee-", ".xlsx");
        try {
            String name = new CommitteeReportBuilder(database).stream(planYear.plan(), planYear.fiscalYear(),
                    scope.today(), report -> {
                        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                            new CommitteeWorkbook().write(report, out);
                        }
                        return CommitteeWorkbook.fileName(report);
                    });
            ConsoleHttp.downloadAndDelete(exchange, XLSX, name, file);
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** One department's pre-filled template: that department's users, admin and viewers. */
    public void template(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        Department department = scope.department(ConsoleHttp.pathParam(exchange, "department")
                .orElseThrow(ConsoleDenied::notFound), user);
        PlanYear planYear = scope.planYear(exchange, user);
        if (!TemplateSpecBuilder.departments(planYear.plan(), scope.master().departments()).contains(department)) {
            throw ConsoleDenied.notFound();
        }
        TemplateSpec spec = new TemplateSpecBuilder(database).build(planYear.plan(), planYear.fiscalYear(), department);
        ConsoleHttp.download(exchange, XLSX, TemplateWorkbook.fileName(spec), templates.write(spec));
    }

    /**
     * Every department's template of a plan and year in one zip: admin and viewers. Each template is written
     * straight into the zip and the zip into a temporary file, so that the heap does not grow with the number
     * of 課 (1,741 in a survey); it is sent from there and deleted as the committee workbook is.
     */
    public void allTemplates(Exchange exchange) throws SQLException, IOException {
        User user = ConsoleGate.user(exchange);
        if (!user.maySeeAllDepartments()) {
            throw ConsoleDenied.forbidden();
        }
        PlanYear planYear = scope.planYear(exchange, user);
        Path file = Files.createTempFile("templates-", ".zip");
        try {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)),
                    StandardCharsets.UTF_8)) {
                templatesInto(zip, planYear);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        ConsoleHttp.downloadAndDelete(exchange, "application/zip", "実績報告様式_" + planYear.code() + "_"
                + planYear.fiscalYear() + "年度.zip", file);
    }

    /** Every department's template from one query, not one reading of the plan per department. */
    private void templatesInto(ZipOutputStream zip, PlanYear planYear) throws SQLException, IOException {
        OutputStream entry = new EntryStream(zip);
        try {
            new TemplateSpecBuilder(database).forEach(planYear.plan(), planYear.fiscalYear(),
                    TemplateSpecBuilder.departments(planYear.plan(), scope.master().departments()).stream()
                            .map(Department::name).toList(),
                    spec -> {
                        zip.putNextEntry(new ZipEntry(TemplateWorkbook.fileName(spec)));
                        templates.writeTo(spec, entry);
                        zip.closeEntry();
                    });
        } catch (SQLException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The zip's current entry as a stream a workbook writer may close without closing the zip. */
    private static final class EntryStream extends FilterOutputStream {

        EntryStream(ZipOutputStream zip) {
            super(zip);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Today's exception workbook of a plan, as the next report would show it: admin only. */
    public void exceptionWorkbook(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        if (!user.mayAdminister()) {
            throw ConsoleDenied.forbidden();
        }
        PlanYear planYear = scope.planYear(exchange, user);
        ExceptionReport report = exceptionReporter.preview(planYear.plan(), scope.today());
        ConsoleHttp.download(exchange, XLSX, ExceptionReportWorkbook.fileName(report),
                new ExceptionReportWorkbook().write(report));
    }

    /**
     * A received file's archived original: its department's users, admin and viewers. Streamed from the archive
     * (an original may be as large as the biggest attachment taken), never through a link.
     */
    public void original(Exchange exchange) throws SQLException, IOException {
        SubmissionFile file = pages.ownFile(exchange);
        Path original = file.archivedFile(inbox).orElseThrow(ConsoleDenied::notFound);
        String name = file.originalName() == null ? original.getFileName().toString() : file.originalName();
        try {
            ConsoleHttp.downloadFile(exchange, contentType(name), name, original);
        } catch (IOException e) {
            // gone, or replaced by a link, since it was looked up: as if it had never been there
            if (!Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)) {
                throw ConsoleDenied.notFound();
            }
            throw e;
        }
    }

    private static String contentType(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (var entry : List.of(List.of(".xlsx", XLSX), List.of(".xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12"),
                List.of(".xls", "application/vnd.ms-excel"), List.of(".csv", "text/csv"))) {
            if (lower.endsWith(entry.get(0))) {
                return entry.get(1);
            }
        }
        return "application/octet-stream";
    }
}
