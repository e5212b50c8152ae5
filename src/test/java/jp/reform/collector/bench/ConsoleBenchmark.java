package jp.reform.collector.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.console.ConsoleFormat;
import jp.reform.collector.console.ConsoleQueries;
import jp.reform.collector.console.PageRenderer;
import jp.reform.collector.console.PlanYear;
import jp.reform.collector.console.StatusBoard;
import jp.reform.collector.console.SubmissionFilter;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.Role;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.Target;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.FreePorts;
import jp.reform.collector.support.TestFiles;

/**
 * How fast the web console answers for a city-sized plan: 1,741 課 × 60 indicators (104,460 indicators),
 * two collection rounds of results, served by the real {@code serve} on its own embedded PostgreSQL (fsync
 * on, as in production) and measured over HTTP with java.net.http, sequentially and with parallel clients.
 * Not a test: it asserts nothing but that each page answers 200; it prints a Markdown report
 * (docs/benchmarks/console.md explains it). Run it with {@code mvn -B -Pbench verify -DskipTests}.
 *
 * <p>System properties: {@code bench.departments} (1741), {@code bench.requests} per request kind (200),
 * {@code bench.warmup} per request kind (20), {@code bench.clients} (4), {@code bench.submitted} share of
 * departments that reported this round (0.8), {@code bench.query-runs} (30), {@code bench.home} (a folder to
 * keep and reuse: generated and loaded once, later runs only start and measure; default a temporary folder
 * deleted at the end).
 */
public final class ConsoleBenchmark {

    private static final String PASSWORD = "bench-password-1234";
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    private final int departments = Integer.getInteger("bench.departments", 1741);
    private final int requests = Integer.getInteger("bench.requests", 200);
    private final int warmup = Integer.getInteger("bench.warmup", 20);
    private final int clients = Integer.getInteger("bench.clients", 4);
    private final int queryRuns = Integer.getInteger("bench.query-runs", 30);
    private final double submitted = Double.parseDouble(System.getProperty("bench.submitted", "0.8"));
    private final String planCode = "bench-" + departments;
    private final StringBuilder report = new StringBuilder();
    private final Map<String, String> setup = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        new ConsoleBenchmark().run();
        System.exit(0); // Camel's and Vert.x's non-daemon threads would keep the JVM alive
    }

    private void run() throws Exception {
        String homeProperty = System.getProperty("bench.home", "");
        boolean keep = !homeProperty.isBlank();
        Path home = keep ? Files.createDirectories(Path.of(homeProperty).toAbsolutePath())
                : Files.createTempDirectory("console-bench");
        LocalDate today = LocalDate.now(ZONE);
        boolean fresh = !Files.isDirectory(home.resolve("config").resolve("plans").resolve(planCode));
        if (fresh) {
            long t = System.nanoTime();
            writeHome(home, today);
            setup.put("generate config/ (CSV master data, users, 課 folders)", seconds(t));
        }
        int port = FreePorts.next();
        AppSettings settings = AppSettings.load(home, Path.of("config"), Map.of())
                .override("http.port", port)
                .override("http.management-port", FreePorts.next());
        long opening = System.nanoTime();
        log("opening the application (embedded PostgreSQL, migrations, master data sync, evaluation)");
        CollectorApplication app = CollectorApplication.open(settings);
        setup.put("start-up before serving: PostgreSQL, Flyway, master sync, evaluation (real code)", seconds(opening));
        CompletableFuture<Void> serving = null;
        try {
            PlanMaster plan = app.master().plan(planCode).orElseThrow();
            CollectionRound round = app.rounds().stream().filter(r -> r.planCode().equals(planCode)).findFirst()
                    .orElseThrow();
            Database database = app.database();
            if (count(database, "select count(*) from submission") == 0) {
                log("loading results with COPY, then the real evaluation");
                SyntheticResults.Loaded loaded = new SyntheticResults(plan, app.master(), round, ZONE, Instant.now(),
                        submitted).load(database);
                setup.put("bulk load: COPY of submissions, results, findings, outbox, then VACUUM ANALYZE",
                        "%.1f s".formatted(loaded.copy().toMillis() / 1000.0));
                setup.put("evaluation of the plan by EvaluationRefresh (real code)",
                        "%.1f s".formatted(loaded.evaluation().toMillis() / 1000.0));
                setup.put("departments that reported this round", loaded.submitted() + " of " + loaded.departments());
            }
            serving = CompletableFuture.runAsync(() -> {
                try {
                    app.serve();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String base = "http://127.0.0.1:" + port;
            awaitConsole(base);
            if (fresh) {
                dropRealFiles(home, app, plan, round);
            }
            Map<String, String> data = dataSizes(database);
            report.append("# Console benchmark\n\n");
            machine(database, today, round);
            report.append("\n## Data\n\n| what | size |\n|---|---:|\n");
            data.forEach((k, v) -> report.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            report.append("\n## Setting up\n\n| step | time |\n|---|---:|\n");
            setup.forEach((k, v) -> report.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            readModel(database, plan, round, today);
            http(base, plan, round, database);
        } finally {
            log("stopping");
            app.stopServing();
            if (serving != null) {
                try {
                    serving.get(120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log("serve ended with " + e);
                }
            }
            app.close();
            if (!keep) {
                deleteTree(home);
            }
        }
        System.out.println(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Path out = Files.createDirectories(target.resolve("benchmarks")).resolve("console-"
                    + LocalDateTime.now(ZONE).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")) + ".md");
            Files.writeString(out, report, StandardCharsets.UTF_8);
            log("report written to " + out.toAbsolutePath());
        }
    }

    // ---------------------------------------------------------------- home

    private void writeHome(Path home, LocalDate today) throws IOException {
        Path config = Files.createDirectories(home.resolve("config"));
        Files.copy(Path.of("config", "application.properties"), config.resolve("application.properties"));
        Files.copy(Path.of("config", "holidays.csv"), config.resolve("holidays.csv"));
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        new SyntheticPlan(planCode, departments, 60, today).write(config);
        var master = new MasterDataLoader().load(config);
        // the shared drive has one folder per department
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        for (var d : master.departments()) {
            Files.createDirectories(inbox.resolve(d.name()));
        }
        String hash = new PasswordHasher().hash(PASSWORD);
        UserDirectory.loadForEditing(config.resolve("users.csv"), master)
                .withUser(new User("admin", "行政経営課 管理者", Role.ADMIN, null, hash))
                .withUser(new User("ka0001", SyntheticPlan.department(1) + " 担当", Role.DEPARTMENT,
                        SyntheticPlan.department(1), hash))
                .save();
    }

    /** A few files through the real folder channel and ingest path: new reports, a correction, a rejection. */
    private void dropRealFiles(Path home, CollectorApplication app, PlanMaster plan, CollectionRound round)
            throws Exception {
        Database database = app.database();
        List<String> missing = strings(database, "select distinct d.department_name from indicator_department d "
                + "where d.plan_code = ? and not exists (select 1 from submission s where s.department_name = d.department_name "
                + "and s.status = 'accepted' and s.received_at >= ?::date) order by 1 limit 3", planCode, round.opens().toString());
        List<String> reported = strings(database, "select distinct department_name from submission where status = 'accepted' "
                + "and received_at >= ?::date order by 1 limit 2", round.opens().toString());
        Path staging = Files.createDirectories(home.resolve("staging"));
        int year = round.fiscalYear();
        List<Path> dropped = new ArrayList<>();
        for (int i = 0; i < missing.size(); i++) {
            String department = missing.get(i);
            List<List<Object>> rows = new ArrayList<>();
            for (Indicator indicator : ownIndicators(plan, department)) {
                rows.add(row(plan, indicator, year, i == 2));
            }
            Path file = i == 2
                    ? DepartmentFiles.xlsx(staging.resolve(department + "_実績報告.xlsx"), "令和" + (year - 2018)
                    + "年度 行政改革実施計画 実績報告", DepartmentFiles.HEADER, rows)
                    : DepartmentFiles.csv(staging.resolve(department + "_実績報告.csv"), StandardCharsets.UTF_8, true, ",",
                    DepartmentFiles.HEADER, rows);
            dropped.add(move(file, home.resolve("inbox").resolve(department)));
        }
        if (!reported.isEmpty()) {
            String department = reported.get(0);
            List<List<Object>> rows = new ArrayList<>();
            for (Indicator indicator : ownIndicators(plan, department).subList(0, 5)) {
                List<Object> row = row(plan, indicator, year, false);
                row.set(3, "（修正）" + row.get(3));
                rows.add(row);
            }
            dropped.add(move(DepartmentFiles.csv(staging.resolve(department + "_修正.csv"), StandardCharsets.UTF_8, true,
                    ",", DepartmentFiles.HEADER, rows), home.resolve("inbox").resolve(department)));
        }
        if (reported.size() > 1) {
            String department = reported.get(1);
            dropped.add(move(DepartmentFiles.csv(staging.resolve(department + "_再提出.csv"), StandardCharsets.UTF_8, true,
                    ",", DepartmentFiles.HEADER, List.of(List.of("I-9-ア-9999", Integer.toString(year), "12", "実施した",
                            "", "", "達成"))), home.resolve("inbox").resolve(department)));
        }
        long t = System.nanoTime();
        log("waiting for " + dropped.size() + " files through the real ingest path");
        for (Path file : dropped) {
            awaitArchived(file);
        }
        setup.put("real ingest of " + dropped.size() + " dropped files (3 new reports, a correction, a rejected file), "
                + "each re-evaluating the whole plan", seconds(t));
    }

    private static List<Indicator> ownIndicators(PlanMaster plan, String department) {
        return plan.indicators().stream().filter(i -> i.departments().get(0).equals(department)).toList();
    }

    private static List<Object> row(PlanMaster plan, Indicator indicator, int year, boolean numbers) {
        Target target = plan.target(indicator.code(), year);
        Object actual; // a number cell in a workbook, text in a CSV file; qualitative rows leave it blank
        if (indicator.isQualitative()) {
            actual = null;
        } else if (target.value() == null) {
            actual = numbers ? (Object) 540 : "540";
        } else {
            actual = numbers ? (Object) target.value().doubleValue() : target.value().toPlainString();
        }
        return new ArrayList<>(Arrays.asList(indicator.code(), Integer.toString(year), actual, "計画どおり実施した。",
                "窓口の待ち時間が短くなった。", "引き続き実施する。", "達成"));
    }

    private static Path move(Path file, Path folder) throws IOException {
        return Files.move(file, folder.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitArchived(Path file) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        String suffix = "_" + file.getFileName();
        while (true) {
            try (Stream<Path> files = Files.walk(file.getParent())) {
                if (!Files.exists(file) && files.anyMatch(p -> p.getFileName().toString().endsWith(suffix))) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(file + " was not processed within 10 minutes");
            }
            Thread.sleep(250);
        }
    }

    // ---------------------------------------------------------------- measuring

    /** The read model's calls without HTTP or rendering, to tell the database's share from the page's. */
    private void readModel(Database database, PlanMaster plan, CollectionRound round, LocalDate today) throws Exception {
        ConsoleQueries queries = new ConsoleQueries(database, ZONE);
        ReportQueries reports = new ReportQueries(database);
        int year = round.fiscalYear();
        String department = SyntheticPlan.department(1);
        String indicator = SyntheticPlan.indicatorCode(10, 1);
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("ReportQueries.summary (committee table, goal_summary)", () -> reports.summary(planCode, year));
        calls.put("ConsoleQueries.statusBoard, all departments",
                () -> queries.statusBoard(planCode, year, today, round, null));
        // a new ConsoleQueries each time: nothing kept from an earlier call, as after every load
        calls.put("ConsoleQueries.statusBoard, all departments, as first after a load",
                () -> new ConsoleQueries(database, ZONE).statusBoard(planCode, year, today, round, null));
        calls.put("ConsoleQueries.statusBoard, one department", () -> queries.statusBoard(planCode, year, today, round,
                department));
        calls.put("ConsoleQueries.departmentPage", () -> queries.departmentPage(planCode, year, department));
        calls.put("ConsoleQueries.indicatorPage", () -> queries.indicatorPage(planCode, indicator));
        calls.put("ConsoleQueries.submissions, first page", () -> queries.submissions(
                new SubmissionFilter(null, Set.of(), null, null, 0, 101)));
        // the board page's Thymeleaf rendering alone, on a board read once
        StatusBoard board = queries.statusBoard(planCode, year, today, round, null);
        PageRenderer renderer = new PageRenderer();
        Map<String, Object> model = new HashMap<>();
        model.put("user", new User("admin", "行政経営課 管理者", Role.ADMIN, null, "-"));
        model.put("csrf", "x");
        model.put("roleLabel", "管理者");
        model.put("nav", "board");
        model.put("fmt", new ConsoleFormat(ZONE));
        model.put("plans", List.of(plan));
        model.put("planYear", new PlanYear(plan, year, round));
        model.put("board", board);
        calls.put("PageRenderer.render(board) for all departments, no SQL (Thymeleaf)", () -> renderer.render("board", model));
        report.append("\n## Read model, no HTTP (").append(queryRuns).append(" calls each after 5 warm-up, sequential)\n\n");
        report.append("| call | n | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Call> call : calls.entrySet()) {
            for (int i = 0; i < 5; i++) {
                call.getValue().run();
            }
            long[] nanos = new long[queryRuns];
            for (int i = 0; i < queryRuns; i++) {
                long t = System.nanoTime();
                call.getValue().run();
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            report.append("| ").append(call.getKey()).append(" | ").append(queryRuns).append(" | ")
                    .append(ms(percentile(nanos, 50))).append(" | ").append(ms(percentile(nanos, 95))).append(" | ")
                    .append(ms(nanos[nanos.length - 1])).append(" |\n");
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** One kind of request: who asks, and the paths it cycles through. */
    private record Probe(String name, boolean admin, List<String> paths) {
        String path(int i) {
            return paths.get(i % paths.size());
        }
    }

    private void http(String base, PlanMaster plan, CollectionRound round, Database database) throws Exception {
        String own = SyntheticPlan.department(1);
        List<String> departmentPaths = new ArrayList<>();
        List<String> indicatorPaths = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            int d = 1 + (k * 37) % departments;
            departmentPaths.add("/departments/" + ConsoleClient.segment(SyntheticPlan.department(d)));
            indicatorPaths.add("/indicators/" + planCode + "/"
                    + ConsoleClient.segment(SyntheticPlan.indicatorCode((k * 7) % 60, d)));
        }
        List<Probe> probes = List.of(
                new Probe("GET /board (all " + departments + " 課)", true, List.of("/board")),
                new Probe("GET /departments/{課} (60 indicators)", true, departmentPaths),
                new Probe("GET /indicators/{plan}/{code}", true, indicatorPaths),
                new Probe("GET /submissions (first page)", true, List.of("/submissions")),
                new Probe("GET /submissions?status=rejected&from=…", true,
                        List.of("/submissions?status=rejected&from=" + round.opens())),
                new Probe("GET /api/board (JSON, all 課)", true, List.of("/api/board")),
                new Probe("GET /departments/{own 課} as the 課", false,
                        List.of("/departments/" + ConsoleClient.segment(own))),
                new Probe("GET /api/board as the 課 (own row)", false, List.of("/api/board")));

        ConsoleClient admin = new ConsoleClient(base).signIn("admin", PASSWORD);
        ConsoleClient department = new ConsoleClient(base).signIn("ka0001", PASSWORD);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Probe probe : probes) {
            ConsoleClient.Timed first = (probe.admin() ? admin : department).get(probe.path(0));
            check(probe, first);
            sizes.put(probe.name(), first.body().length);
            if (probe.name().startsWith("GET /board")) {
                String html = new String(first.body(), StandardCharsets.UTF_8);
                long rows = html.split("data-department=\"", -1).length - 1;
                report.append("\nThe board lists ").append(rows).append(" department rows.\n");
            }
        }
        log("warm-up: " + warmup + " of each request");
        for (int i = 0; i < warmup; i++) {
            for (Probe probe : probes) {
                check(probe, (probe.admin() ? admin : department).get(probe.path(i)));
            }
        }
        log("sequential: " + requests + " of each request, interleaved");
        Map<String, List<Long>> sequential = new LinkedHashMap<>();
        double loadBefore = load();
        long t = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            for (Probe probe : probes) {
                ConsoleClient.Timed r = (probe.admin() ? admin : department).get(probe.path(i));
                check(probe, r);
                sequential.computeIfAbsent(probe.name(), k -> new ArrayList<>()).add(r.nanos());
            }
        }
        long wall = System.nanoTime() - t;
        table("Sequential: one client, " + requests + " requests of each kind, interleaved", probes, sequential,
                sizes, wall, loadBefore);

        coldBoard(admin, database);

        log("parallel: " + clients + " clients");
        Map<String, List<Long>> parallel = new ConcurrentHashMap<>();
        probes.forEach(p -> parallel.put(p.name(), new CopyOnWriteArrayList<>()));
        List<ConsoleClient[]> browsers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            browsers.add(new ConsoleClient[] {new ConsoleClient(base).signIn("admin", PASSWORD),
                    new ConsoleClient(base).signIn("ka0001", PASSWORD)});
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        loadBefore = load();
        t = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ConsoleClient[] pair = browsers.get(c);
            int client = c;
            running.add(pool.submit(() -> {
                for (int i = client; i < requests; i += clients) {
                    for (Probe probe : probes) {
                        ConsoleClient.Timed r = (probe.admin() ? pair[0] : pair[1]).get(probe.path(i));
                        check(probe, r);
                        parallel.get(probe.name()).add(r.nanos());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        wall = System.nanoTime() - t;
        pool.shutdown();
        table("Parallel: " + clients + " clients at once, " + requests + " requests of each kind in all", probes,
                parallel, sizes, wall, loadBefore);
    }

    /**
     * The board as first asked for after a load: before each request the plan's evaluation is marked as
     * rewritten (its first row updated in place, which is what the console watches), so that nothing read
     * before is reused. A real load rewrites all 313,380 rows and takes seconds; this only stands for it.
     */
    private void coldBoard(ConsoleClient admin, Database database) throws SQLException {
        int n = Math.max(5, requests / 10);
        log("board after a change: " + n + " requests");
        long[] nanos = new long[n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                    "update evaluation set evaluated_at = evaluated_at where (plan_code, indicator_code, fiscal_year) = "
                            + "(select plan_code, indicator_code, fiscal_year from evaluation where plan_code = ? "
                            + "order by indicator_code, fiscal_year limit 1)")) {
                ps.setString(1, planCode);
                ps.executeUpdate();
            }
            ConsoleClient.Timed r = admin.get("/board");
            check(new Probe("GET /board after a change", true, List.of("/board")), r);
            nanos[i] = r.nanos();
            size = r.body().length;
        }
        Arrays.sort(nanos);
        report.append("\n## The board as first asked for after a load (sequential)\n\n");
        report.append("| request | n | p50 ms | p95 ms | max ms | page size |\n|---|---:|---:|---:|---:|---:|\n");
        report.append("| GET /board (all ").append(departments).append(" 課), first after a load | ").append(n)
                .append(" | ").append(ms(percentile(nanos, 50))).append(" | ").append(ms(percentile(nanos, 95)))
                .append(" | ").append(ms(nanos[n - 1])).append(" | ").append(size(size)).append(" |\n");
    }

    private void table(String title, List<Probe> probes, Map<String, List<Long>> latencies, Map<String, Integer> sizes,
                       long wallNanos, double loadBefore) {
        report.append("\n## ").append(title).append("\n\n");
        report.append("| request | n | p50 ms | p95 ms | p99 ms | max ms | page size |\n|---|---:|---:|---:|---:|---:|---:|\n");
        int total = 0;
        for (Probe probe : probes) {
            long[] nanos = latencies.get(probe.name()).stream().mapToLong(Long::longValue).sorted().toArray();
            total += nanos.length;
            report.append("| ").append(probe.name()).append(" | ").append(nanos.length).append(" | ")
                    .append(ms(percentile(nanos, 50))).append(" | ").append(ms(percentile(nanos, 95))).append(" | ")
                    .append(ms(percentile(nanos, 99))).append(" | ").append(ms(nanos[nanos.length - 1])).append(" | ")
                    .append(size(sizes.get(probe.name()))).append(" |\n");
        }
        report.append("\n").append(total).append(" requests in ").append("%.1f s".formatted(wallNanos / 1e9))
                .append(" (").append("%.1f".formatted(total / (wallNanos / 1e9))).append(" requests/s); load average ")
                .append("%.2f".formatted(loadBefore)).append(" before, ").append("%.2f".formatted(load()))
                .append(" after.\n");
    }

    private static void check(Probe probe, ConsoleClient.Timed response) {
        if (response.status() != 200) {
            throw new IllegalStateException(probe.name() + " answered " + response.status() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8).substring(0, Math.min(500, response.body().length)));
        }
    }

    // ---------------------------------------------------------------- facts for the report

    private void machine(Database database, LocalDate today, CollectionRound round) throws SQLException {
        var os = ManagementFactory.getOperatingSystemMXBean();
        String pg;
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('server_version'), current_setting('fsync'), "
                     + "current_setting('shared_buffers'), current_setting('work_mem')")) {
            rs.next();
            pg = "PostgreSQL " + rs.getString(1) + " embedded (fsync " + rs.getString(2) + ", shared_buffers "
                    + rs.getString(3) + ", work_mem " + rs.getString(4) + ")";
        }
        report.append("| machine | |\n|---|---|\n");
        report.append("| run at | ").append(LocalDateTime.now(ZONE).withNano(0)).append(" (Asia/Tokyo), round ")
                .append(round.fiscalYear()).append(" open ").append(round.opens()).append("–")
                .append(round.effectiveDeadline()).append(" |\n");
        report.append("| cores | ").append(Runtime.getRuntime().availableProcessors()).append(" (")
                .append(cpuModel()).append(") |\n");
        report.append("| JVM | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MB; serve and the clients in one JVM |\n");
        report.append("| OS | ").append(os.getName()).append(' ').append(os.getVersion()).append(" |\n");
        report.append("| database | ").append(pg).append(" |\n");
        report.append("| load average at start | ").append("%.2f".formatted(load())).append(" |\n");
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private Map<String, String> dataSizes(Database database) throws SQLException {
        Map<String, String> sizes = new LinkedHashMap<>();
        for (String table : List.of("department", "indicator", "indicator_department", "target", "submission", "result",
                "evaluation", "finding", "outbox_mail", "mail_message")) {
            sizes.put(table + " rows", "%,d".formatted(count(database, "select count(*) from " + table)));
        }
        sizes.put("submissions accepted / rejected / duplicate", String.join(" / ",
                Long.toString(count(database, "select count(*) from submission where status = 'accepted'")),
                Long.toString(count(database, "select count(*) from submission where status = 'rejected'")),
                Long.toString(count(database, "select count(*) from submission where status = 'duplicate'"))));
        sizes.put("database size", "%,d MB".formatted(count(database, "select pg_database_size(current_database())")
                / (1024 * 1024)));
        return sizes;
    }

    private static long count(Database database, String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Database database, String sql, String... params) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    // ---------------------------------------------------------------- small things

    private static void awaitConsole(String base) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (new ConsoleClient(base).get("/login").status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the console did not answer within 3 minutes");
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String size(int bytes) {
        return bytes >= 1024 * 1024 ? String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024))
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void log(String message) {
        System.err.println("[bench " + LocalDateTime.now(ZONE).format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + message);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
