package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;
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
                    Optional<Department> department = master.department(folder.getKey());
                    // a folder of no 課 (its files are refused whole), or a 課 with no address: the report alone tells
                    if (department.isPresent() && !department.get().emails().isEmpty() && outbox.queue(c,
                            notice.mail(department.get().name(), department.get().emails(), folder.getKey(),
                                    folder.getValue(), master.planOf(department.get().name())
                                            .map(PlanMaster::plan).orElse(null)))) {
                        mailed.addAll(ids);
                        queued++;
                        LOG.info("{} told by mail of {} unread item(s) in its folder", LogText.escape(department.get().name()),
                                ids.size());
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
}
