package jp.reform.collector.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.ChaseQueries.Outstanding;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.OutboxRepository;
import jp.reform.collector.template.TemplateSpecBuilder;
import jp.reform.collector.template.TemplateWorkbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out who gets a reminder today: for each open round whose schedule says "remind today" and that the
 * division has not closed (締切), the departments that still owe items. One mail per department and day (all
 * its rounds together); the outbox's key "reminder/&lt;department&gt;/&lt;date&gt;" keeps a second run or a
 * second instance from sending another. A department that owes nothing gets nothing. Each reminder carries
 * the department's current pre-filled template, so that answering it is filling in one attached workbook.
 *
 * <p>Cost follows the work, not departments × plan: per round one query for what is owed and one query for
 * every owing department's template lines; each template is streamed to a file in a folder of the run, and
 * each mail is composed from those files and streamed into the outbox, one department at a time, committed
 * in batches. No attachment is held in memory longer than its own mail takes to compose.
 */
public final class ReminderPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ReminderPlanner.class);
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final int COMMIT_EVERY = 100;
    private static final int MAX_TEMPLATE_THREADS = 4;

    private final Database database;
    private final MasterData master;
    private final List<CollectionRound> rounds;
    private final Outbox outbox;
    private final ReminderNotice notice;
    private final ReminderSchedule schedule = new ReminderSchedule();
    private final ChaseQueries queries = new ChaseQueries();
    private final OutboxRepository outboxRows = new OutboxRepository();
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
                // a closed round (締切) owes nothing to chase: no reminder, no copy to the division
                for (Outstanding item : queries.toChase(c, round.planCode(), round.fiscalYear())) {
                    owed.computeIfAbsent(item.department(), d -> new ArrayList<>()).add(item);
                }
                owed.forEach((department, items) -> byDepartment.computeIfAbsent(department, d -> new ArrayList<>())
                        .add(new ReminderNotice.RoundItems(plan.plan(), round, occasion.get(), items)));
            }
            // a second run of the day writes no template for a reminder that is already queued, also one queued
            // under a former name before departments.csv renamed the 課 (one reminder per 課 and day): under
            // every name the database holds for it, which has the spellings that name was stored under too
            // (a former name written ＤＸ推進課 in departments.csv, queued as DX推進課 that morning)
            Map<String, List<String>> names = queries.namesOf(c, byDepartment.keySet());
            Map<String, List<String>> keysOfTheDay = new HashMap<>();
            for (String department : byDepartment.keySet()) {
                List<String> keys = new ArrayList<>();
                keys.add(ReminderNotice.dedupKey(department, today));
                for (String name : names.getOrDefault(department, List.of())) {
                    keys.add(ReminderNotice.dedupKey(name, today));
                }
                keysOfTheDay.put(department, keys);
            }
            Set<String> queuedBefore = outboxRows.queuedKeys(c,
                    keysOfTheDay.values().stream().flatMap(List::stream).toList());
            byDepartment.keySet().removeIf(d -> keysOfTheDay.get(d).stream().anyMatch(queuedBefore::contains));
        }
        Map<String, Department> recipients = new LinkedHashMap<>();
        Map<String, List<String>> addresses = new HashMap<>();
        for (var entry : byDepartment.entrySet()) {
            Department department = master.department(entry.getKey()).orElseThrow();
            if (department.emails().isEmpty()) {
                LOG.warn("{} owes {} item(s) but has no address in departments.csv: no reminder sent",
                        department.name(), entry.getValue().stream().mapToInt(r -> r.items().size()).sum());
                continue;
            }
            // an address no mail can go to costs this 課 its reminder (or that copy of it), not the others theirs
            List<String> usable = new ArrayList<>();
            for (String address : department.emails()) {
                var problem = MailAddresses.problem(address);
                if (problem.isEmpty()) {
                    usable.add(address);
                } else {
                    LOG.warn("A 課's address in departments.csv cannot be used for mail, {}: {} ({})",
                            LogText.escape(department.name()), LogText.escape(address), problem.get());
                }
            }
            if (usable.isEmpty()) {
                LOG.warn("{} owes {} item(s) but has no usable address in departments.csv: no reminder sent",
                        LogText.escape(department.name()), entry.getValue().stream().mapToInt(r -> r.items().size()).sum());
                continue;
            }
            recipients.put(department.name(), department);
            addresses.put(department.name(), usable);
        }
        warnUnusableAdminEmails(byDepartment);
        if (recipients.isEmpty()) {
            LOG.info("Reminders for {}: 0 queued ({} department(s) owe items)", today, byDepartment.size());
            return 0;
        }
        Path folder = createFolder();
        try {
            long started = System.nanoTime();
            Map<String, List<OutgoingMail.Attachment>> templates = writeTemplates(folder, byDepartment, recipients);
            long written = System.nanoTime();
            int queued = 0;
            try (Connection c = database.connect()) {
                // committed in batches: a commit per mail would wait for the disk 1,741 times; a failure loses
                // at most one batch, which the next run queues again under the same keys
                c.setAutoCommit(false);
                int inBatch = 0;
                List<ChaseQueries.ReminderRounds> roundsOfBatch = new ArrayList<>();
                for (Department department : recipients.values()) {
                    List<OutgoingMail.Attachment> attached = templates.getOrDefault(department.name(), List.of());
                    List<ReminderNotice.RoundItems> rounds = byDepartment.get(department.name());
                    if (outbox.queue(c, notice.mail(department.name(), addresses.get(department.name()),
                            department.allowedSenders(), today,
                            rounds, attached))) {
                        queued++;
                        // which rounds the one mail of the day asks for: the console counts a round's reminders
                        roundsOfBatch.add(new ChaseQueries.ReminderRounds(ReminderNotice.dedupKey(department.name(), today),
                                rounds.stream().map(r -> r.plan().code()).toList(),
                                rounds.stream().map(r -> r.round().fiscalYear()).toList()));
                    }
                    if (++inBatch == COMMIT_EVERY) {
                        queries.recordReminderRounds(c, roundsOfBatch);
                        roundsOfBatch.clear();
                        c.commit();
                        inBatch = 0;
                    }
                    for (OutgoingMail.Attachment template : attached) {
                        Files.deleteIfExists(template.file()); // in the outbox now: the disk holds little at a time
                    }
                }
                queries.recordReminderRounds(c, roundsOfBatch);
                c.commit();
            }
            LOG.info("Reminders for {}: {} queued ({} department(s) owe items); templates {} s, mail {} s", today,
                    queued, byDepartment.size(), seconds(written - started), seconds(System.nanoTime() - written));
            return queued;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteFolder(folder);
        }
    }

    /** Once per plan and night: an escalated reminder goes without the copy that cannot be sent. */
    private void warnUnusableAdminEmails(Map<String, List<ReminderNotice.RoundItems>> byDepartment) {
        byDepartment.values().stream().flatMap(List::stream).filter(r -> r.occasion().escalate())
                .map(ReminderNotice.RoundItems::plan).distinct()
                .filter(p -> p.adminEmail() != null && !p.adminEmail().isBlank() && !MailAddresses.usable(p.adminEmail()))
                .forEach(p -> LOG.warn("Plan {}: admin_email {} in plan.csv cannot be used for mail ({}): reminders are "
                        + "not copied to the division", p.code(), LogText.escape(p.adminEmail()),
                        MailAddresses.problem(p.adminEmail()).orElseThrow()));
    }

    /**
     * Each reminded department's current template per round (its items, with what it already sent filled in),
     * written to {@code folder}: one query per round for all of them. The workbooks are written on as many
     * threads as there are cores (a template is CPU work, about 10 ms), with few in flight at a time.
     */
    private Map<String, List<OutgoingMail.Attachment>> writeTemplates(
            Path folder, Map<String, List<ReminderNotice.RoundItems>> byDepartment, Map<String, Department> recipients)
            throws SQLException, IOException {
        Map<String, List<OutgoingMail.Attachment>> templates = new HashMap<>();
        TemplateWorkbook workbook = new TemplateWorkbook(notice.submitTo());
        int threads = Math.max(1, Math.min(MAX_TEMPLATE_THREADS, Runtime.getRuntime().availableProcessors()));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "reminder-templates-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Semaphore inFlight = new Semaphore(threads * 2);
        int[] written = {0};
        try {
            for (CollectionRound round : rounds) {
                List<String> departments = recipients.keySet().stream()
                        .filter(d -> byDepartment.get(d).stream().anyMatch(r -> r.round().equals(round)))
                        .toList();
                if (departments.isEmpty()) {
                    continue;
                }
                PlanMaster plan = master.plan(round.planCode()).orElseThrow();
                Map<String, OutgoingMail.Attachment> ofRound = new ConcurrentHashMap<>();
                List<Future<?>> pending = new ArrayList<>();
                try {
                    templateSpecs.forEach(plan, round.fiscalYear(), departments, spec -> {
                        Path file = folder.resolve("template-" + (++written[0]) + ".xlsx");
                        inFlight.acquire();
                        pending.add(writers.submit(() -> {
                            try {
                                workbook.writeTo(spec, file);
                                ofRound.put(spec.department(),
                                        OutgoingMail.Attachment.of(TemplateWorkbook.fileName(spec), XLSX, file));
                                return null;
                            } finally {
                                inFlight.release();
                            }
                        }));
                    });
                    for (Future<?> write : pending) {
                        write.get();
                    }
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                } catch (SQLException | IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("Templates of " + round.planCode() + " " + round.fiscalYear()
                            + " not written: " + e.getMessage(), e);
                }
                // in the order of the rounds, whatever order the writers finished in
                for (String department : departments) {
                    OutgoingMail.Attachment template = ofRound.get(department);
                    if (template != null) {
                        templates.computeIfAbsent(department, d -> new ArrayList<>()).add(template);
                    }
                }
            }
        } finally {
            writers.shutdownNow();
        }
        return templates;
    }

    /** A writer's failure as it was thrown (an IOException, an OutOfMemoryError …), for the step's log line. */
    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    private static String seconds(long nanos) {
        return "%.1f".formatted(nanos / 1e9);
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory("reminder-templates-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Reminder templates left in {}: {}", folder, e.getMessage());
        }
    }
}
