package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.ChaseQueries.Outstanding;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.Database;
import jp.reform.collector.template.TemplateSpec;
import jp.reform.collector.template.TemplateSpecBuilder;
import jp.reform.collector.template.TemplateWorkbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out who gets a reminder today: for each open round whose schedule says "remind today", the
 * departments that still owe items. One mail per department and day (all its rounds together); the
 * outbox's key "reminder/&lt;department&gt;/&lt;date&gt;" keeps a second run or a second instance from sending
 * another. A department that owes nothing gets nothing. Each reminder carries the department's current
 * pre-filled template, so that answering it is filling in one attached workbook.
 */
public final class ReminderPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ReminderPlanner.class);

    private final Database database;
    private final MasterData master;
    private final List<CollectionRound> rounds;
    private final Outbox outbox;
    private final ReminderNotice notice;
    private final ReminderSchedule schedule = new ReminderSchedule();
    private final ChaseQueries queries = new ChaseQueries();
    private final TemplateSpecBuilder templateSpecs;

    public ReminderPlanner(Database database, MasterData master, List<CollectionRound> rounds, Outbox outbox,
                           ReminderNotice notice) {
        this.database = database;
        this.master = master;
        this.rounds = List.copyOf(rounds);
        this.outbox = outbox;
        this.notice = notice;
        this.templateSpecs = new TemplateSpecBuilder(database);
    }

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** @return the number of reminders queued now */
    public int queueReminders(LocalDate today) throws SQLException {
        Map<String, List<ReminderNotice.RoundItems>> byDepartment = new LinkedHashMap<>();
        try (Connection c = database.connect()) {
            for (CollectionRound round : rounds) {
                Optional<ReminderOccasion> occasion = schedule.occasion(round, today);
                PlanMaster plan = master.plan(round.planCode()).orElseThrow();
                if (occasion.isEmpty()) {
                    continue;
                }
                Map<String, List<Outstanding>> owed = new LinkedHashMap<>();
                for (Outstanding item : queries.outstanding(c, round.planCode(), round.fiscalYear())) {
                    owed.computeIfAbsent(item.department(), d -> new ArrayList<>()).add(item);
                }
                owed.forEach((department, items) -> byDepartment.computeIfAbsent(department, d -> new ArrayList<>())
                        .add(new ReminderNotice.RoundItems(plan.plan(), round, occasion.get(), items)));
            }
        }
        int queued = 0;
        for (var entry : byDepartment.entrySet()) {
            Department department = master.department(entry.getKey()).orElseThrow();
            if (department.emails().isEmpty()) {
                LOG.warn("{} owes {} item(s) but has no address in departments.csv: no reminder sent",
                        department.name(), entry.getValue().stream().mapToInt(r -> r.items().size()).sum());
                continue;
            }
            List<OutgoingMail.Attachment> templates = new ArrayList<>();
            for (ReminderNotice.RoundItems round : entry.getValue()) {
                // the department's current template: its items, with what it already sent filled in
                TemplateSpec spec = templateSpecs.build(master.plan(round.round().planCode()).orElseThrow(),
                        round.round().fiscalYear(), department);
                templates.add(new OutgoingMail.Attachment(TemplateWorkbook.fileName(spec), XLSX,
                        new TemplateWorkbook().write(spec)));
            }
            try (Connection c = database.connect()) {
                if (outbox.queue(c, notice.mail(department.name(), department.emails(), today, entry.getValue(),
                        templates))) {
                    queued++;
                }
            }
        }
        LOG.info("Reminders for {}: {} queued ({} department(s) owe items)", today, queued, byDepartment.size());
        return queued;
    }
}
