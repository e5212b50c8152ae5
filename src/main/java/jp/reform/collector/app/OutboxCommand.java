package jp.reform.collector.app;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.store.OutboxRepository;
import jp.reform.collector.store.OutboxRepository.Undelivered;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code outbox retry}: failed mail queued again once its cause is fixed (a relay that refused the sender,
 * a mail server down longer than mail.send.give-up-hours). It only changes rows of outbox_mail; the running
 * serve, or the next run-once, sends them. It takes the database as the report commands do: beside a running
 * serve, that one's (and refuses, as they do, while serve has not taken up a change of config/).
 *
 * <p>Exit codes: 0 done (also when nothing was to be queued), 1 a mail named by --id could not be queued
 * (unknown, or neither failed nor unconfirmed), 2 the command could not run.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "The mail waiting to be sent: queue failed mail again.",
        subcommands = {OutboxCommand.Retry.class})
public final class OutboxCommand {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Queue failed mail again once the cause is fixed; serve (or the next run-once) sends it.",
                    "Without --since or --id: the failed mail of the last 7 days."})
    static final class Retry implements Callable<Integer> {
        @Mixin
        CollectorCommand.CommonOptions common;
        @Option(names = "--since", description = "Mail queued on or after this day (YYYY-MM-DD, in collector.zone)")
        LocalDate since;
        @Option(names = "--id", description = "This mail (outbox_mail.mail_id; failed or unconfirmed); repeatable")
        List<Long> ids;
        @Option(names = "--unconfirmed", description = "Also mail of which it is not known whether it was sent "
                + "(check first that it did not arrive: it would arrive twice)")
        boolean unconfirmed;

        @Override
        public Integer call() throws Exception {
            AppSettings settings = common.settings();
            ZoneId zone = settings.zone();
            LocalDate from = since != null ? since : ids == null ? LocalDate.now(zone).minusDays(7) : null;
            OutboxRepository outbox = new OutboxRepository();
            try (CollectorApplication app = CollectorApplication.open(settings, "outbox retry",
                    DatabaseConnector.Access.READ);
                 Connection c = app.database().connect()) {
                c.setAutoCommit(true);
                List<Undelivered> queued = outbox.requeue(c, ids, from == null ? null : from.atStartOfDay(zone)
                        .toInstant(), unconfirmed || ids != null);
                StringBuilder out = new StringBuilder();
                for (Undelivered m : queued) {
                    out.append("Queued again: mail ").append(m.id()).append(" (").append(m.kind()).append(", ")
                            .append(m.status()).append(" after ").append(m.attempts()).append(" attempt(s)), ")
                            .append(SHOWN.format(m.createdAt().atZone(zone))).append(", to ")
                            .append(LogText.escape(m.recipients(), 300)).append(": ")
                            .append(LogText.escape(m.subject(), 200)).append("\n    last error: ")
                            .append(LogText.escape(m.lastError(), 300)).append('\n');
                }
                out.append(queued.size()).append(" mail(s) queued again")
                        .append(from != null ? " (queued since " + from + ")" : "")
                        .append(queued.isEmpty() ? "" : "; serve sends them within mail.send.poll-ms, run-once at its "
                                + "next run").append('\n');
                int exit = 0;
                if (ids != null) {
                    List<Long> notQueued = new ArrayList<>(ids);
                    queued.forEach(m -> notQueued.remove(m.id()));
                    Map<Long, String> status = outbox.statusOf(c, notQueued);
                    for (Long id : notQueued.stream().distinct().toList()) {
                        out.append("Not queued: mail ").append(id).append(status.containsKey(id)
                                ? " is " + status.get(id) + ", not failed or unconfirmed"
                                : " does not exist").append('\n');
                        exit = 1;
                    }
                }
                if (!queued.isEmpty()) {
                    LoggerFactory.getLogger(OutboxCommand.class).info("outbox retry queued {} mail(s) again: {}",
                            queued.size(), queued.stream().map(Undelivered::id).toList());
                }
                CollectorCommand.print(out.toString());
                return exit;
            }
        }
    }
}
