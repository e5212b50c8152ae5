package jp.reform.collector.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.ConfigCsvFile;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.DepartmentsFile;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.Database;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 課の設定: the 課 of config/departments.csv, and the division's two changes of them that come with a reorganisation
 * (機構改革) every April, which it asked IT staff for: a new 課 (a line of its own, with its mail addresses) and a
 * renamed one (its line's name; the name it had kept as a former name, so that the plans, users.csv, its inbox folder
 * and the history that name it so go on finding it). Each is written as 連絡先 writes its line (refused when the file
 * changed since the page was shown, loaded whole before one rename), recorded in the audit log and taken up by serve
 * as a hand edit is. A 課 is never removed here. The division only.
 */
public final class DepartmentsPage {

    private static final Logger LOG = LoggerFactory.getLogger(DepartmentsPage.class);

    /** A 課 as the list shows it: its line of the file, the indicators it reports as serve has them. */
    public record Row(String name, List<String> formerNames, List<String> emails, boolean inUse, int indicators) {
    }

    /** The add form as typed. */
    public record AddForm(String name, String emails, String allowedSenders, String notes) {
        static final AddForm EMPTY = new AddForm("", "", "", "");
    }

    /** The rename form as typed. */
    public record RenameForm(String department, String name) {
        static final RenameForm EMPTY = new RenameForm("", "");
    }

    /**
     * Back to the list, at what was done: the form's address ends in #add or #rename (a refusal opens at its reason),
     * which the browser would keep for the list and open it at the form, below the notice.
     */
    private static final String DONE = "/departments#departments-notice";

    private final Database database;
    private final AuditLog audit;
    private final ConsolePages pages;
    private final ConsoleScope scope;
    private final PageRenderer renderer;
    private final Path configDir;
    private final OneTimeNotices<String> notices;

    DepartmentsPage(Database database, AuditLog audit, ConsolePages pages, ConsoleScope scope, PageRenderer renderer,
                    Path configDir, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.pages = pages;
        this.scope = scope;
        this.renderer = renderer;
        this.configDir = configDir;
        this.notices = new OneTimeNotices<>(clock);
    }

    /** A form the page did not take: why (with its status), the form as typed and the file's state it was typed on. */
    private record Refused(int status, String why, AddForm add, RenameForm rename, String shown) {

        static Refused add(int status, String why, AddForm form, String shown) {
            return new Refused(status, why, form, null, shown);
        }

        static Refused rename(int status, String why, RenameForm form, String shown) {
            return new Refused(status, why, null, form, shown);
        }
    }

    /** Why a change was not written, with the page's status. */
    private record NotWritten(int status, String why) {

        /**
         * The file's state the form shown again carries: the one it was typed on, but after a 409 the file as the page
         * now shows it (its list is read afresh and the reason says the file changed), so that the form can be sent
         * again from there; it carried the older state, and every further press and reload was refused again.
         */
        String shownAgain(String typedOn) {
            return status == 409 ? null : typedOn;
        }
    }

    public void show(Exchange exchange) {
        ConsoleGate.administrator(exchange);
        render(exchange, 200, notices.take(ConsoleGate.session(exchange).id()).orElse(null), null);
    }

    /** POST /departments/add: a new 課's line added, back to the list (303); a mistake shows the form again as typed. */
    public void add(Exchange exchange) throws SQLException {
        User user = ConsoleGate.administrator(exchange);
        String shown = shown(exchange);
        AddForm form = new AddForm(ConsoleHttp.param(exchange, "name").orElse(""),
                ConsoleHttp.param(exchange, "emails").orElse(""),
                ConsoleHttp.param(exchange, "allowed_senders").orElse(""),
                ConsoleHttp.param(exchange, "notes").orElse(""));
        Optional<List<Department>> known = known();
        if (known.isEmpty()) {
            render(exchange, 500, null, Refused.add(500, AuditedConfigChange.Words.DEPARTMENTS.notWritten(), form, shown));
            return;
        }
        String name;
        DepartmentsFile.Addresses addresses;
        String notes;
        try {
            name = DepartmentName.checked(form.name(), null, known.get());
            addresses = new DepartmentAddressesForm(form.emails(), form.allowedSenders()).checked(name, known.get());
            notes = DepartmentName.notes(form.notes());
        } catch (ConsoleDenied refused) {
            render(exchange, refused.status(), null, Refused.add(refused.status(), refused.getMessage(), form, shown));
            return;
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("department_name", name);
        after.putAll(addresses.asMap());
        if (!notes.isEmpty()) {
            after.put("notes", notes);
        }
        Optional<NotWritten> problem = write(exchange, user, AuditAction.DEPARTMENT_ADDED, name, null, after,
                () -> DepartmentsFile.add(configDir, shown, name, addresses, notes));
        if (problem.isPresent()) {
            render(exchange, problem.get().status(), null,
                    Refused.add(problem.get().status(), problem.get().why(), form, problem.get().shownAgain(shown)));
            return;
        }
        LOG.info("Department {} added on the console by {}", LogText.escape(name), LogText.escape(user.login()));
        notices.put(ConsoleGate.session(exchange).id(), "課「" + name + "」を追加しました。通常1分以内に反映され、計画の担当課"
                + "や利用者の担当課に指定できるようになります。共有フォルダ（inbox の「" + name + "」フォルダ）の作成と"
                + "アクセス権の設定は、IT担当にご依頼ください。それまでも、画面からの提出とメールでの提出は受け付けます。");
        ConsoleHttp.redirect(exchange, DONE);
    }

    /** POST /departments/rename: the 課 renamed, its name kept as a former one; back to the list (303). */
    public void rename(Exchange exchange) throws SQLException {
        User user = ConsoleGate.administrator(exchange);
        String shown = shown(exchange);
        String current = ConsoleHttp.param(exchange, "department").orElse("");
        RenameForm form = new RenameForm(current, ConsoleHttp.param(exchange, "name").orElse(""));
        Optional<List<Department>> known = known();
        Optional<Department> department = Optional.empty();
        try {
            // the line as the file has it now: serve may not have taken up a rename saved a moment ago
            department = DepartmentsFile.departments(configDir).stream().filter(d -> d.name().equals(current))
                    .findFirst();
        } catch (MasterDataException | UncheckedIOException e) {
            known = Optional.empty();
        }
        if (known.isEmpty()) {
            render(exchange, 500, null, Refused.rename(500, AuditedConfigChange.Words.DEPARTMENTS.notWritten(), form, shown));
            return;
        }
        if (current.isEmpty()) {
            render(exchange, 400, null, Refused.rename(400, "課名を変更する課を選んでください。", form, shown));
            return;
        }
        if (department.isEmpty()) {
            throw ConsoleDenied.stale("課「" + current + "」は、課の設定ファイルにありません（別の画面から課名が変更されたか、"
                    + "IT担当が編集しました）。画面を更新して、現在の課名を確認してください。");
        }
        String name;
        try {
            name = DepartmentName.checked(form.name(), department.get(), known.get());
        } catch (ConsoleDenied refused) {
            render(exchange, refused.status(), null, Refused.rename(refused.status(), refused.getMessage(), form, shown));
            return;
        }
        Department renamed = department.get();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("department_name", renamed.name());
        before.put("former_names", renamed.formerNames());
        List<String> former = new ArrayList<>(List.of(renamed.name()));
        renamed.formerNames().stream().filter(f -> !Department.nameKey(f).equals(Department.nameKey(name)))
                .forEach(former::add);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("department_name", name);
        after.put("former_names", former);
        Optional<NotWritten> problem = write(exchange, user, AuditAction.DEPARTMENT_RENAMED, renamed.name(), before,
                after, () -> DepartmentsFile.rename(configDir, shown, renamed.name(), name));
        if (problem.isPresent()) {
            render(exchange, problem.get().status(), null,
                    Refused.rename(problem.get().status(), problem.get().why(), form, problem.get().shownAgain(shown)));
            return;
        }
        LOG.info("Department {} renamed {} on the console by {}", LogText.escape(renamed.name()), LogText.escape(name),
                LogText.escape(user.login()));
        notices.put(ConsoleGate.session(exchange).id(), "「" + renamed.name() + "」の課名を「" + name + "」に変更しました。"
                + "通常1分以内に反映されます。これまでの実績・提出ファイル・利用者と、共有フォルダの「" + renamed.name()
                + "」フォルダは、そのまま新しい課名の課のものとして扱います。計画の担当課が旧名称のままでも、この課の指標として"
                + "扱いますが、次に計画のブックを更新するときに、担当課を新しい課名に直してください。");
        ConsoleHttp.redirect(exchange, DONE);
    }

    private static String shown(Exchange exchange) {
        return ConsoleHttp.param(exchange, "shown").orElseThrow(
                () -> ConsoleDenied.badRequest("画面を更新してから、もう一度操作してください。"));
    }

    /** Every 課 as serve has them and as the file has them now (one added a moment ago); empty when unreadable. */
    private Optional<List<Department>> known() {
        List<Department> known = new ArrayList<>(scope.master().departments());
        try {
            known.addAll(DepartmentsFile.departments(configDir));
        } catch (MasterDataException | UncheckedIOException e) {
            LOG.warn("config/departments.csv cannot be read for 課の設定: {}", LogText.cause(e));
            return Optional.empty();
        }
        return Optional.of(known);
    }

    /** The file written with its audit line; empty when done, else why not. */
    private Optional<NotWritten> write(Exchange exchange, User user, AuditAction action, String department,
                                       Map<String, Object> before, Map<String, Object> after,
                                       AuditedConfigChange.Write change) throws SQLException {
        try {
            AuditedConfigChange.save(database, audit, new AuditEntry(user.login(), user.role().word(), action, null,
                    null, department, null, before, after, ConsoleHttp.remoteAddress(exchange)), change);
            return Optional.empty();
        } catch (ConfigCsvFile.Changed e) {
            return Optional.of(new NotWritten(409, "この画面を開いた後に、課の設定（config/departments.csv）が変わりました"
                    + "（別の画面からの保存、またはIT担当による編集）。下の一覧は現在の設定です。一覧を確認し、このままでよければ、"
                    + "もう一度ボタンを押してください。"));
        } catch (ConfigCsvFile.Refused e) {
            LOG.warn("{} of {} not saved: departments.csv would not load: {}", action.code(), LogText.escape(department),
                    LogText.escape(e.getMessage()));
            return Optional.of(new NotWritten(400, AuditedConfigChange.Words.DEPARTMENTS.notLoading(e.getMessage())));
        } catch (CharacterCodingException e) {
            // a file Excel saved as Windows-31J cannot hold every character a browser sends
            return Optional.of(new NotWritten(400, "課名・備考に、課の設定ファイル（config/departments.csv）の文字コード"
                    + "（Shift_JIS）で保存できない文字が含まれているため、保存していません。別の字に置き換えてください。"));
        } catch (IOException | RuntimeException e) {
            LOG.error("{} of {} not saved: config/departments.csv cannot be written: {}", action.code(),
                    LogText.escape(department), LogText.cause(e));
            return Optional.of(new NotWritten(500, AuditedConfigChange.Words.DEPARTMENTS.notWritten()));
        }
    }

    private void render(Exchange exchange, int status, String notice, Refused refused) {
        Map<String, Object> model = pages.model(exchange, "departments");
        MasterData master = scope.master();
        Map<String, Integer> indicators = new LinkedHashMap<>();
        for (PlanMaster plan : master.plans()) {
            for (Indicator indicator : plan.indicators()) {
                for (String owner : indicator.departments()) {
                    master.department(owner).ifPresent(d -> indicators.merge(d.name(), 1, Integer::sum));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        String fingerprint = null;
        boolean readable = false;
        try {
            fingerprint = DepartmentsFile.read(configDir).fingerprint();
            for (Department d : DepartmentsFile.departments(configDir)) {
                Optional<Department> used = master.department(d.name());
                // in use once serve has taken the line up as the file has it (a rename or an addition takes a moment)
                boolean inUse = used.map(u -> u.name().equals(d.name()) && u.formerNames().equals(d.formerNames()))
                        .orElse(false);
                rows.add(new Row(d.name(), d.formerNames(), d.emails(), inUse,
                        used.map(u -> indicators.getOrDefault(u.name(), 0)).orElse(0)));
            }
            readable = true;
        } catch (MasterDataException | UncheckedIOException e) {
            LOG.warn("config/departments.csv cannot be read for 課の設定: {}", LogText.cause(e));
            model.put("departmentsUnreadable", true);
        }
        model.put("departmentRows", rows);
        model.put("departmentsNotice", notice);
        model.put("addError", refused != null && refused.add() != null ? refused.why() : null);
        model.put("renameError", refused != null && refused.rename() != null ? refused.why() : null);
        model.put("addForm", refused != null && refused.add() != null ? refused.add() : AddForm.EMPTY);
        model.put("renameForm", refused != null && refused.rename() != null ? refused.rename() : RenameForm.EMPTY);
        // a form shown again keeps the state of the file it was typed on: a save from it is still refused (409); one
        // refused for that (no state kept) carries the file as this page shows it
        // no forms while the file cannot be read (gone, or not loading): the page says to ask IT staff instead
        model.put("shown", !readable ? null : refused != null && refused.shown() != null ? refused.shown() : fingerprint);
        ConsoleHttp.html(exchange, status, renderer.render("departments", model));
    }
}
