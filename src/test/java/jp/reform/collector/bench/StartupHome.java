package jp.reform.collector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.PlanMaster;

/**
 * Makes a home with the synthetic plan (1,741 課 × 60 indicators by default) and two rounds of results, as
 * the console benchmark does, and leaves it for timing the commands as an operator runs them:
 * {@code java -jar target/reform-results-collector.jar summary --home DIR --plan bench-1741 --fy …}.
 * Usage: {@code StartupHome DIR [departments]}.
 */
public final class StartupHome {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    public static void main(String[] args) throws Exception {
        Path home = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        int departments = args.length > 1 ? Integer.parseInt(args[1]) : 1741;
        String planCode = "bench-" + departments;
        LocalDate today = LocalDate.now(ZONE);
        SyntheticPlan plan = new SyntheticPlan(planCode, departments, 60, today);
        AppSettings settings = plan.writeHome(home);
        try (CollectorApplication app = CollectorApplication.open(settings)) {
            PlanMaster master = app.master().plan(planCode).orElseThrow();
            CollectionRound round = app.rounds().get(0);
            new SyntheticResults(master, app.master(), round, ZONE, Instant.now(), 0.8).load(app.database());
        }
        System.out.println("home " + home + ": plan " + planCode + ", collected fiscal year " + plan.collectedYear);
        System.exit(0);
    }
}
