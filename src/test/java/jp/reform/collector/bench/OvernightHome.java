package jp.reform.collector.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.PlanMaster;

/**
 * Makes a home for measuring the overnight run at scale with the real jar: the synthetic plan of
 * {@code bench.departments} 課 × 60 indicators (1,741 by default), last year's results of every 課 loaded,
 * this year's of a share {@code bench.submitted} (default 0: every 課 owes all its items). Prints the
 * run-once command for the day 28 days after the round's deadline.
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) jp.reform.collector.bench.OvernightHome /tmp/overnight-home
 * mvn -q -o package -DskipTests
 * java -Xmx256m -jar target/reform-results-collector.jar run-once --home /tmp/overnight-home --today &lt;printed date&gt;
 * </pre>
 * The run logs each overnight step's time ("Overnight step queue reminders done in 51.4 s").
 */
public final class OvernightHome {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int departments = Integer.getInteger("bench.departments", 1741);
        double submitted = Double.parseDouble(System.getProperty("bench.submitted", "0"));
        String planCode = "bench-" + departments;
        LocalDate today = LocalDate.now(ZONE);
        SyntheticPlan synthetic = new SyntheticPlan(planCode, departments, 60, today);
        AppSettings settings = synthetic.writeHome(home);
        try (CollectorApplication app = CollectorApplication.open(settings)) {
            PlanMaster plan = app.master().plan(planCode).orElseThrow();
            CollectionRound round = app.rounds().stream().filter(r -> r.planCode().equals(planCode)).findFirst()
                    .orElseThrow();
            SyntheticResults.Loaded loaded = new SyntheticResults(plan, app.master(), round, ZONE, Instant.now(),
                    submitted).load(app.database());
            try (Connection c = app.database().connect(); Statement s = c.createStatement()) {
                // the synthetic receipts are placeholders: count them as sent, so the run sends only its own mail
                s.executeUpdate("update outbox_mail set status = 'sent', sent_at = now() where status = 'pending'");
            }
            System.out.println("loaded: " + loaded);
            System.out.println("run: java -Xmx256m -jar target/reform-results-collector.jar run-once --home " + home
                    + " --today " + round.effectiveDeadline().plusDays(28));
        }
        System.exit(0);
    }
}
