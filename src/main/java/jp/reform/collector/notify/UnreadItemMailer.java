package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.store.FolderRefusalRepository.ToTell;
import jp.reform.collector.store.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues one {@link UnreadItemNotice} per 課 for what the folder intake found unread in its folder since the
 * last time: every minute in serve, and in the overnight run (before the exception report, which then says the
 * 課 was told). The items are marked told in the transaction that queues their mail, so each is told once, by
 * one instance.
 */
public final class UnreadItemMailer {

    private static final Logger LOG = LoggerFactory.getLogger(UnreadItemMailer.class);

    private final Database database;
    private final MasterData master;
    private final Outbox outbox;
    private final UnreadItemNotice notice;
    private final FolderRefusalRepository refusals;

    public UnreadItemMailer(Database database, MasterData master, Outbox outbox, UnreadItemNotice notice) {
        this.database = database;
        this.master = master;
        this.outbox = outbox;
        this.notice = notice;
        this.refusals = new FolderRefusalRepository(database, null);
    }

    /**
     * serve's timer: as {@link #queueDue}, but a failure (the database down) is one line in the log, not a stack
     * trace a minute; nothing is marked, so the same items are told at the next tick that goes through.
     */
    public void queueDueNow() {
        try {
            queueDue();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Unread-item notices not queued now, tried again at the next tick: {}", LogText.cause(e));
        }
    }

    /** @return the number of mails queued */
    public int queueDue() throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                Map<String, List<ToTell>> byFolder = new LinkedHashMap<>();
                for (ToTell item : refusals.toTellDepartments(c)) {
                    byFolder.computeIfAbsent(item.departmentFolder(), f -> new ArrayList<>()).add(item);
                }
                List<Long> mailed = new ArrayList<>();
                List<Long> untold = new ArrayList<>();
                int queued = 0;
                for (Map.Entry<String, List<ToTell>> folder : byFolder.entrySet()) {
                    List<Long> ids = folder.getValue().stream().map(ToTell::id).toList();
                    if (tell(c, folder.getKey(), folder.getValue())) {
                        mailed.addAll(ids);
                        queued++;
                    } else {
                        untold.addAll(ids);
                    }
                }
                refusals.markDepartmentNoticed(c, mailed, true);
                refusals.markDepartmentNoticed(c, untold, false);
                c.commit();
                return queued;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Queues the mail of one folder's items; false when none could go: no 課 of that folder, no usable address,
     * or a mail that could not be made of what the items are (then the division's report alone tells, and the
     * other 課 are told all the same, now and not after it is mended).
     */
    private boolean tell(Connection c, String folder, List<ToTell> items) throws SQLException {
        Optional<Department> department = master.department(folder);
        if (department.isEmpty() || department.get().emails().isEmpty()) {
            LOG.info("{} unread item(s) in folder {} not told by mail: {}", items.size(), LogText.escape(folder),
                    department.isEmpty() ? "no registered 課 of that name" : "the 課 has no address in departments.csv");
            return false;
        }
        String name = department.get().name();
        Savepoint before = c.setSavepoint();
        try {
            boolean queued = outbox.queue(c, notice.mail(name, department.get().emails(), folder, items,
                    master.planOf(name).map(PlanMaster::plan).orElse(null)));
            c.releaseSavepoint(before);
            if (queued) {
                LOG.info("{} told by mail of {} unread item(s) in its folder", LogText.escape(name), items.size());
            }
            return queued;
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLException sql && !Jdbc.isCausedByData(sql)) {
                throw sql; // the database, not this mail: everything is tried again next time
            }
            c.rollback(before);
            LOG.error("{}'s mail of {} unread item(s) in its folder could not be queued; the exception report lists "
                    + "them: {}", LogText.escape(name), items.size(), LogText.cause(e));
            return false;
        }
    }
}
