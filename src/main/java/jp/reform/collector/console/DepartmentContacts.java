package jp.reform.collector.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
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
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.store.Database;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 連絡先 on a 課's page: the addresses its mail goes to (宛先) and those its mail is taken from (送信元), as serve
 * uses them. The 課's own user reads them (so it knows where reminders go); the division changes them there
 * rather than asking IT staff to edit config/departments.csv: the page writes the 課's line of that file
 * ({@link DepartmentsFile}: refused when the file changed since the page was shown, when the line is gone or the
 * file would not load), records it in the audit log, and serve takes the file up as it takes up a hand edit.
 * Committee members (viewer) are not shown staff addresses.
 */
final class DepartmentContacts {

    private static final Logger LOG = LoggerFactory.getLogger(DepartmentContacts.class);

    /** A form the page would not take, to be shown again as typed with why. */
    static final class Refused extends RuntimeException {
        private final transient Department department;
        private final transient DepartmentAddressesForm form;
        private final int status;

        Refused(Department department, DepartmentAddressesForm form, int status, String why) {
            super(why);
            this.department = department;
            this.form = form;
            this.status = status;
        }

        Department department() {
            return department;
        }

        DepartmentAddressesForm form() {
            return form;
        }

        int status() {
            return status;
        }
    }

    private final Database database;
    private final ConsoleScope scope;
    private final AuditLog audit;
    private final Path configDir;

    DepartmentContacts(Database database, ConsoleScope scope, AuditLog audit, Path configDir) {
        this.database = database;
        this.scope = scope;
        this.audit = audit;
        this.configDir = configDir;
    }

    /** The section's model: the addresses in use; for the division, the form with the file's line and fingerprint. */
    void addTo(Map<String, Object> model, User user, Department department, DepartmentAddressesForm typed) {
        addTo(model, user, department, typed, null);
    }

    /**
     * As {@link #addTo(Map, User, Department, DepartmentAddressesForm)}; a form shown again as typed keeps
     * {@code typedShown}, the fingerprint of the page it was typed on: the file may have changed since, and the
     * next save must still be refused (409) rather than undo that change.
     */
    void addTo(Map<String, Object> model, User user, Department department, DepartmentAddressesForm typed,
               String typedShown) {
        if (!user.mayAdminister() && !user.maySubmitFor(department.name())) {
            return; // committee members: no staff addresses
        }
        model.put("contacts", department);
        if (!user.mayAdminister()) {
            return;
        }
        DepartmentsFile file;
        try {
            file = DepartmentsFile.read(configDir);
        } catch (MasterDataException | UncheckedIOException e) {
            LOG.warn("config/departments.csv cannot be read for the 連絡先 form: {}", LogText.cause(e));
            model.put("contactsUnreadable", true);
            return;
        }
        Optional<DepartmentsFile.Addresses> written = file.addresses(department.name());
        if (written.isEmpty()) {
            model.put("contactsUnreadable", true); // renamed or removed by hand meanwhile: serve takes that up first
            return;
        }
        model.put("contactsForm", typed != null ? typed : DepartmentAddressesForm.of(written.get()));
        model.put("contactsShown", typedShown != null ? typedShown : file.fingerprint());
        model.put("contactsPending", !written.get().emails().equals(department.emails())
                || !written.get().allowedSenders().equals(department.allowedSenders()));
    }

    /**
     * POST /departments/{department}/addresses: the 課's line of departments.csv written and recorded, back to the
     * page (303); a form the page would not take is {@link Refused}; one from a page older than the file is 409.
     */
    void save(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        if (!user.mayAdminister()) {
            throw ConsoleDenied.forbidden(); // the route's gate already refused; a second lock on the door
        }
        Department department = scope.department(ConsoleHttp.pathParam(exchange, "department")
                .orElseThrow(ConsoleDenied::notFound), user);
        String shown = ConsoleHttp.param(exchange, "shown").orElseThrow(
                () -> ConsoleDenied.badRequest("画面を更新してから、もう一度操作してください。"));
        DepartmentAddressesForm form = DepartmentAddressesForm.of(exchange);
        // another 課's senders as serve has them and as the file has them: one saved a moment ago for another 課
        // is in the file before serve takes it up (a file changed since the page is refused below anyway)
        List<Department> departments = new ArrayList<>(scope.master().departments());
        try {
            departments.addAll(DepartmentsFile.departments(configDir));
        } catch (MasterDataException | UncheckedIOException e) {
            throw new Refused(department, form, 500, AuditedConfigChange.Words.DEPARTMENTS.notWritten());
        }
        DepartmentsFile.Addresses addresses;
        try {
            addresses = form.checked(department.name(), departments);
        } catch (ConsoleDenied refused) {
            if (refused.status() != 400) {
                throw refused;
            }
            throw new Refused(department, form, 400, refused.getMessage());
        }
        Optional<DepartmentsFile.Addresses> before;
        try {
            before = DepartmentsFile.read(configDir).addresses(department.name());
        } catch (MasterDataException | UncheckedIOException e) {
            throw new Refused(department, form, 500, AuditedConfigChange.Words.DEPARTMENTS.notWritten());
        }
        if (before.isPresent() && before.get().equals(addresses)) {
            return; // as it is already: nothing to write or record
        }
        try {
            AuditedConfigChange.save(database, audit, new AuditEntry(user.login(), user.role().word(),
                    AuditAction.DEPARTMENT_ADDRESSES_SET, null, null, department.name(), null,
                    before.map(DepartmentsFile.Addresses::asMap).orElse(null), addresses.asMap(),
                    ConsoleHttp.remoteAddress(exchange)),
                    () -> DepartmentsFile.write(configDir, shown, department.name(), addresses));
        } catch (ConfigCsvFile.Changed e) {
            throw ConsoleDenied.stale(AuditedConfigChange.Words.DEPARTMENTS.changed());
        } catch (ConfigCsvFile.Refused e) {
            LOG.warn("Addresses of {} not saved: departments.csv would not load: {}", department.name(),
                    LogText.escape(e.getMessage()));
            throw new Refused(department, form, 400, AuditedConfigChange.Words.DEPARTMENTS.notLoading(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConsoleDenied || e instanceof Refused) {
                throw (RuntimeException) e;
            }
            LOG.error("Addresses of {} not saved: config/departments.csv cannot be written: {}", department.name(),
                    LogText.cause(e));
            throw new Refused(department, form, 500, AuditedConfigChange.Words.DEPARTMENTS.notWritten());
        }
        LOG.info("Addresses of {} set by {}: {} recipient(s), {} sender(s)", department.name(),
                LogText.escape(user.login()), addresses.emails().size(), addresses.allowedSenders().size());
    }
}
