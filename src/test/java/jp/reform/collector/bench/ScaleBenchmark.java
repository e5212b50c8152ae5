package jp.reform.collector.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.support.FreePorts;

/**
 * The scale benchmark of issue 10 (docs/benchmarks/scale.md): synthetic plans and files run through the real,
 * packaged collector ({@code run-once}, {@code serve}, {@code summary}, {@code status}, {@code report}, each
 * in a JVM of its own with the heap given, on the embedded PostgreSQL of a fresh home), measured from outside:
 * wall time, the measured step's time, rows per second and time per row, peak heap and RSS, and the ratio to
 * a raw JDBC COPY of the same rows into the same database in the same run. Not a test: it asserts nothing and
 * prints a Markdown report. Run it with {@code mvn -B -Pscale verify -DskipTests}.
 *
 * <p>Cases ({@code scale.cases}, any of {@code growth,large,municipalities,faults,soak}; all but soak by default):
 * <ul>
 * <li>growth: one CSV (UTF-8) of N rows for a plan of N indicators owned by one 課, for each N of
 * {@code scale.rows}, run-once with {@code scale.heap}: the time per row shows how the cost grows;</li>
 * <li>large: {@code scale.large-rows} rows as CSV UTF-8, CSV Windows-31J and .xlsx (SXSSF), each run-once
 * (overnight steps included) with {@code scale.small-heap};</li>
 * <li>faults: a {@code scale.large-rows}-row CSV whose run-once is killed (kill -9) while the rows are merged, then
 * whose database crashes at that point, then a run-once to the end: what the database and the inbox hold after
 * each;</li>
 * <li>municipalities: {@code scale.departments} 課 × 60 indicators: one 60-row file per 課 dropped at once and
 * swept by run-once; the overnight run {@code deadline + 28} days with every 課 owing an item, with
 * {@code scale.overnight-heap}; summary, status and report, start-up included; serve's drop-to-receipt of
 * a {@code scale.serve-rows}-row file, {@code scale.drops} times;</li>
 * <li>soak: serve with {@code scale.small-heap} for {@code scale.soak-minutes} on a home made from the samples, a
 * file dropped and console pages read every second and config/ edited every minute, its JVM sampled every minute
 * (heap after a full GC, threads, fds, RSS, PostgreSQL processes): {@link SoakRun}.</li>
 * </ul>
 * Every run stops at {@code scale.cap-minutes} and is then reported as not finished. Homes are made under
 * {@code scale.dir} (target/scale) and deleted after each case unless {@code scale.keep=true}.
 */
public final class ScaleBenchmark {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final List<Integer> growthRows = ints(System.getProperty("scale.rows", "10000,50000,100000,200000"));
    private final int largeRows = Integer.getInteger("scale.large-rows",
            growthRows.stream().mapToInt(Integer::intValue).max().orElse(200_000));
    private final int departments = Integer.getInteger("scale.departments", 1741);
    private final int drops = Integer.getInteger("scale.drops", 20);
    private final int serveRows = Integer.getInteger("scale.serve-rows", 40);
    private final String heap = System.getProperty("scale.heap", "1g");
    private final String smallHeap = System.getProperty("scale.small-heap", "128m");
    private final String overnightHeap = System.getProperty("scale.overnight-heap", "256m");
    private final Duration cap = Duration.ofMinutes(Long.getLong("scale.cap-minutes", 15));
    private final int soakMinutes = Integer.getInteger("scale.soak-minutes", 10);
    private final Set<String> cases = Set.of(System.getProperty("scale.cases", "growth,large,municipalities,faults")
            .split("\\s*,\\s*"));
    private final Path dir = Path.of(System.getProperty("scale.dir", "target/scale")).toAbsolutePath();
    private final boolean keep = Boolean.getBoolean("scale.keep");
    private final CollectorProcess collector = new CollectorProcess(
            Path.of(System.getProperty("scale.jar", "target/reform-results-collector.jar")).toAbsolutePath());
    private final LocalDate today = LocalDate.now(ZONE);
    private final List<Line> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    /** One row of the report. Null figures print as "–". */
    private record Line(String name, String heap, String outcome, Long rows, Duration wall, String step,
                        Duration stepTime, long peakHeap, long peakRss, Duration copy, String note) {
    }

    /** How a department saved its file. */
    private enum Format {
        CSV_UTF8("CSV UTF-8", ".csv", StandardCharsets.UTF_8),
        CSV_WINDOWS_31J("CSV Windows-31J", ".csv", Charset.forName("windows-31j")),
        XLSX(".xlsx (SXSSF)", ".xlsx", null);

        final String label;
        final String extension;
        final Charset charset;

        Format(String label, String extension, Charset charset) {
            this.label = label;
            this.extension = extension;
            this.charset = charset;
        }

        Path write(SyntheticFile file, Path folder) throws IOException {
            Path path = folder.resolve(file.departmentName() + "_実績報告" + extension);
            return charset == null ? file.xlsx(path) : file.csv(path, charset);
        }
    }

    public static void main(String[] args) throws Exception {
        int exit = 0;
        try {
            new ScaleBenchmark().run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        Files.createDirectories(dir);
        String started = machine();
        log("cases " + cases + "; homes under " + dir + "; each run stops after " + cap.toMinutes() + " min");
        if (cases.contains("growth")) {
            for (int rows : growthRows) {
                lines.add(ingest("CSV UTF-8, " + count(rows) + " rows", rows, heap, Format.CSV_UTF8));
            }
        }
        if (cases.contains("large")) {
            for (Format format : Format.values()) {
                lines.add(ingest(format.label + ", " + count(largeRows) + " rows, whole run-once", largeRows, smallHeap,
                        format));
            }
        }
        if (cases.contains("municipalities")) {
            municipalities();
        }
        if (cases.contains("faults")) {
            faults();
        }
        if (cases.contains("soak")) {
            soak();
        }
        String report = report(started);
        System.out.println(report);
        Path out = dir.resolve("scale-" + LocalDateTime.now(ZONE).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"))
                + ".md");
        Files.writeString(out, report, StandardCharsets.UTF_8);
        log("report written to " + out);
    }

    // ---------------------------------------------------------------- cases

    /** One file of {@code rows} rows for a plan of as many indicators owned by one 課, through run-once. */
    private Line ingest(String name, int rows, String heap, Format format) throws Exception {
        log(name + ": writing the plan and the file");
        SyntheticPlan plan = new SyntheticPlan("scale-" + rows, 1, rows, today);
        Path home = BenchHome.create(dir.resolve(slug(name)), plan, limits(rows));
        SyntheticFile file = new SyntheticFile(plan, 1, rows, 0, false);
        Path written = format.write(file, home.resolve("staging"));
        long bytes = Files.size(written);
        BenchHome.drop(written, home, file.departmentName());
        log(name + ": run-once -Xmx" + heap);
        CollectorProcess.Outcome run = collector.start(home, heap, "run-once", Map.of(), "run-once").await(cap);
        List<String> note = new ArrayList<>();
        note.add("file %.2f MB".formatted(bytes / 1e6));
        note.add(phases(home));
        Duration ingest = null;
        Duration copy = null;
        try (RawCopy raw = RawCopy.open(home)) {
            List<RawCopy.Taken> taken = raw.taken();
            if (taken.isEmpty()) {
                note.add("no file recorded");
            } else {
                RawCopy.Taken t = taken.get(0);
                ingest = receiptWritten(home, t).map(at -> Duration.between(t.receivedAt(), at)).orElse(null);
                note.add(t.status() + ", " + count(raw.resultRows()) + " results stored");
            }
            copy = raw.copy(List.of(file));
        } catch (SQLException | RuntimeException e) {
            note.add("database afterwards: " + e.getMessage());
        }
        note.add(run.errorLine());
        removeUnlessKept(home);
        return line(name, heap, run, (long) rows, "ingest (file taken → receipt)", ingest, copy, note);
    }

    /**
     * A large load cut short twice, then done (issue 10: nothing half-loaded, the file left in the inbox). run-once
     * is killed (kill -9) once the file's rows are staged, while they are merged and evaluated in the load's
     * transaction; then the database crashes at the same point (SIGQUIT to the postmaster: an immediate shutdown,
     * recovered at the next start); after each, what the database holds of the file and where the file is. A third
     * run-once loads it.
     */
    private void faults() throws Exception {
        String label = "CSV UTF-8, " + count(largeRows) + " rows";
        log(label + ", cut short: writing the plan and the file");
        SyntheticPlan plan = new SyntheticPlan("scale-" + largeRows, 1, largeRows, today);
        Path home = BenchHome.create(dir.resolve("faults"), plan, limits(largeRows));
        SyntheticFile file = new SyntheticFile(plan, 1, largeRows, 0, false);
        Path dropped = BenchHome.drop(Format.CSV_UTF8.write(file, home.resolve("staging")), home,
                file.departmentName());

        log(label + ": run-once, killed once the rows are staged");
        CollectorProcess.Running killed = collector.start(home, heap, "killed", Map.of(), "run-once");
        String killedAt = awaitStaged(home, killed, 0);
        CollectorProcess.Outcome afterKill = killed.kill();
        lines.add(line(label + ": run-once killed (kill -9) " + killedAt, heap, afterKill, null, "–", null, null,
                List.of(afterwards(home, dropped))));

        log(label + ": run-once, its database crashing once the rows are staged");
        CollectorProcess.Running cut = collector.start(home, heap, "outage", Map.of(), "run-once");
        String crashedAt = awaitStaged(home, cut, 1);
        String crash = crashDatabase(home);
        CollectorProcess.Outcome afterCrash = cut.await(cap);
        lines.add(line(label + ": its database crashed (" + crash + ") " + crashedAt, heap, afterCrash, null, "–",
                null, null, List.of(afterwards(home, dropped), afterCrash.errorLine())));

        log(label + ": run-once to the end");
        CollectorProcess.Outcome again = collector.start(home, heap, "again", Map.of(), "run-once").await(cap);
        lines.add(line(label + ": the next run-once", heap, again, (long) largeRows, "–", null, null,
                List.of(afterwards(home, dropped), again.errorLine())));
        removeUnlessKept(home);
    }

    /** serve kept busy for scale.soak-minutes, looked at every minute (see {@link SoakRun}). */
    private void soak() throws Exception {
        SoakRun.Result soak = new SoakRun(collector, dir, smallHeap, soakMinutes).run();
        CollectorProcess.Outcome o = soak.outcome();
        lines.add(new Line("`serve` soak, " + soakMinutes + " min: a file and 4 console pages a second, config/ edited "
                + "every minute", smallHeap, "stopped (SIGTERM), exit " + o.exit(), null, o.wall(), "–", null,
                o.peakHeapBytes(), o.peakRssBytes(), null, Stream.of(soak.note(), o.errorLine(), "per minute: below")
                        .filter(s -> !s.isBlank()).collect(Collectors.joining("; "))));
        sections.add(soak.section());
        removeUnlessKept(dir.resolve("soak"));
    }

    private static final String STAGED = "read, checked and staged in";

    /**
     * Waits until the log says the run staged its file's rows ({@code before} such lines were there from earlier
     * runs); says how long after that line this returned, or that the run ended first.
     */
    private static String awaitStaged(Path home, CollectorProcess.Running run, int before) throws Exception {
        Path log = home.resolve("logs").resolve("collector.log");
        while (run.isAlive()) {
            if (Files.exists(log)) {
                List<String> staged;
                try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    staged = lines.filter(l -> l.contains(STAGED)).toList();
                }
                if (staged.size() > before) {
                    String line = staged.get(staged.size() - 1);
                    Duration late = Duration.between(LocalDateTime.parse(line.substring(0, 23), LOG_TIME),
                            LocalDateTime.now(ZONE));
                    return "%.2f s after its rows were staged".formatted(late.toNanos() / 1e9);
                }
            }
            Thread.sleep(20);
        }
        return "(it had ended before its rows were staged)";
    }

    /** SIGQUIT to the home's postmaster: PostgreSQL's immediate shutdown, as a crash of the server. */
    private static String crashDatabase(Path home) throws Exception {
        Path pidFile = home.resolve("data").resolve("postgres").resolve("postmaster.pid");
        String pid = Files.readAllLines(pidFile).get(0).strip();
        Process kill = new ProcessBuilder("kill", "-QUIT", pid).inheritIO().start();
        return kill.waitFor() == 0 ? "SIGQUIT to its postmaster" : "kill -QUIT " + pid + " failed";
    }

    /** What the database holds of the home's files and whether the file is still where it was dropped. */
    private static String afterwards(Path home, Path dropped) {
        String where = (Files.exists(dropped) ? "the file still in its folder" : "the file no longer in its folder")
                + ", " + (receiptsOrZero(dropped.getParent()) + " receipt(s)");
        try (RawCopy raw = RawCopy.open(home)) {
            Map<String, Long> byStatus = raw.taken().stream()
                    .collect(Collectors.groupingBy(RawCopy.Taken::status, TreeMap::new, Collectors.counting()));
            return "database: files " + byStatus + ", " + count(raw.resultRows()) + " results; " + where;
        } catch (SQLException | RuntimeException e) {
            return "database afterwards: " + e.getMessage() + "; " + where;
        }
    }

    private static int receiptsOrZero(Path folder) {
        try {
            return receipts(folder);
        } catch (IOException e) {
            return 0;
        }
    }

    /** 1,741 課 × 60 indicators: the sweep, the overnight run, the report commands, serve's receipts. */
    private void municipalities() throws Exception {
        String label = count(departments) + " 課 × 60";
        log(label + ": writing the plan and " + departments + " files");
        SyntheticPlan plan = new SyntheticPlan("scale-" + departments + "x60", departments, 60, today);
        Path home = BenchHome.create(dir.resolve("municipalities"), plan, limits(60));
        List<SyntheticFile> files = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (int d = 1; d <= departments; d++) {
            SyntheticFile file = new SyntheticFile(plan, d, 60, 0, true); // one item left blank: every 課 owes it
            files.add(file);
            written.add((d % 3 == 0 ? Format.XLSX : Format.CSV_UTF8).write(file, home.resolve("staging")));
        }
        for (int d = 1; d <= departments; d++) {
            BenchHome.drop(written.get(d - 1), home, SyntheticPlan.department(d)); // all at once
        }
        long rows = 60L * departments;

        log(label + ": run-once sweeping " + departments + " files");
        CollectorProcess.Outcome sweep = collector.start(home, heap, "sweep", Map.of(), "run-once").await(cap);
        List<String> note = new ArrayList<>(List.of(phases(home)));
        Duration copy = null;
        try (RawCopy raw = RawCopy.open(home)) {
            Map<String, Long> byStatus = raw.taken().stream()
                    .collect(Collectors.groupingBy(RawCopy.Taken::status, TreeMap::new, Collectors.counting()));
            note.add("files " + byStatus + ", " + count(raw.resultRows()) + " results stored");
            copy = raw.copy(files);
        } catch (SQLException | RuntimeException e) {
            note.add("database afterwards: " + e.getMessage());
        }
        note.add(sweep.errorLine());
        lines.add(line(departments + " files of 60 rows dropped at once: run-once", heap, sweep, rows,
                "sweep (routes started → overnight starts)", logSpan(home, "sweep", ScaleBenchmark::routesStarted,
                        ScaleBenchmark::overnightStarted).orElse(null), copy, note));

        // 28 days after the deadline as the city's calendar moves it (a deadline on a closed day moves earlier)
        LocalDate overnightDay = plan.round(HolidayCalendar.load(home.resolve("config").resolve("holidays.csv")))
                .effectiveDeadline().plusDays(28);
        Map<String, Long> mailBefore = mailByKind(home.resolve("outbox"));
        log(label + ": the overnight run as of " + overnightDay);
        CollectorProcess.Outcome overnight = collector.start(home, overnightHeap, "overnight", Map.of(), "run-once",
                "--today", overnightDay.toString()).await(cap);
        lines.add(line("overnight run, deadline + 28 days (" + overnightDay + "), every 課 owing an item",
                overnightHeap, overnight, null, "overnight steps (log)", logSpan(home, "overnight",
                        ScaleBenchmark::overnightStarted, ScaleBenchmark::overnightEnded).orElse(null), null,
                List.of("mail written " + mailSince(mailBefore, mailByKind(home.resolve("outbox"))),
                        overnight.errorLine())));

        String year = Integer.toString(plan.collectedYear);
        for (String command : List.of("summary", "status", "report")) {
            log(label + ": " + command);
            List<String> args = new ArrayList<>(List.of(command, "--plan", plan.code, "--fy", year));
            if (command.equals("report")) {
                args.addAll(List.of("--out", home.resolve("report-out").toString()));
            }
            CollectorProcess.Outcome o = collector.start(home, heap, command, Map.of(), args.toArray(String[]::new))
                    .await(cap);
            lines.add(line("`" + command + "` (start-up included)", heap, o, null, "wall", o.wall(), null,
                    List.of("output %.1f kB".formatted(sizeOf(o.stdout()) / 1024.0), o.errorLine())));
        }
        serve(plan, home);
        removeUnlessKept(home);
    }

    /** serve's drop-to-receipt: files dropped one at a time into a 課 folder, timed until the receipt appears. */
    private void serve(SyntheticPlan plan, Path home) throws Exception {
        String department = SyntheticPlan.department(1);
        Path folder = BenchHome.inbox(home, department);
        log("serve: " + (drops + 1) + " drops of a " + serveRows + "-row file (the first one not counted)");
        CollectorProcess.Running serve = collector.start(home, heap, "serve",
                Map.of("HTTP_PORT", Integer.toString(FreePorts.next()), "HTTP_MANAGEMENT_PORT", Integer.toString(FreePorts.next())),
                "serve");
        Instant deadline = Instant.now().plus(cap);
        long[] millis = new long[drops];
        int done = -1; // the warm-up drop also waits for serve's start-up
        String problem = null;
        while (done < drops) {
            Path written = new SyntheticFile(plan, 1, serveRows, done + 2, false)
                    .csv(home.resolve("staging").resolve("drop-" + (done + 1) + ".csv"), StandardCharsets.UTF_8);
            int before = receipts(folder);
            long dropped = System.nanoTime();
            BenchHome.drop(written, home, department);
            while (receipts(folder) == before && serve.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            if (receipts(folder) == before) {
                problem = serve.isAlive() ? "not finished within " + cap.toMinutes() + " min" : "serve exited";
                break;
            }
            if (done >= 0) {
                millis[done] = (System.nanoTime() - dropped) / 1_000_000;
            }
            done++;
        }
        CollectorProcess.Outcome o = serve.stop(Duration.ofMinutes(3));
        long[] measured = Arrays.copyOf(millis, Math.max(0, done));
        Arrays.sort(measured);
        String figures = measured.length == 0 ? "no receipt measured"
                : "p50 %.2f s, p95 %.2f s, max %.2f s of %d drops".formatted(percentile(measured, 50) / 1000.0,
                percentile(measured, 95) / 1000.0, measured[measured.length - 1] / 1000.0, measured.length);
        lines.add(new Line("`serve`: drop to receipt, " + serveRows + "-row file", heap,
                problem != null ? problem : "stopped (SIGTERM)", null, o.wall(),
                "drop → receipt p50", measured.length == 0 ? null : Duration.ofMillis(percentile(measured, 50)),
                o.peakHeapBytes(), o.peakRssBytes(), null, figures + (o.errorLine().isEmpty() ? "" : "; " + o.errorLine())));
        log("serve: " + figures);
    }

    // ---------------------------------------------------------------- measuring

    private Map<String, String> limits(int rows) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("limits.max-rows-per-file", Integer.toString(Math.max(10_000, rows + 1000)));
        settings.put("limits.max-file-mb", "500");
        return settings;
    }

    private Line line(String name, String heap, CollectorProcess.Outcome run, Long rows, String step,
                      Duration stepTime, Duration copy, List<String> note) {
        String outcome = !run.finished() ? "not finished (" + cap.toMinutes() + " min)" : "exit " + run.exit();
        if (!run.finished()) {
            log(name + ": NOT FINISHED within " + cap.toMinutes() + " min; stopped");
        }
        Line line = new Line(name, heap, outcome, rows, run.finished() ? run.wall() : null, step,
                run.finished() ? stepTime : null, run.peakHeapBytes(), run.peakRssBytes(), copy,
                note.stream().filter(s -> s != null && !s.isBlank()).collect(Collectors.joining("; ")));
        log(name + ": " + outcome + ", wall " + seconds(line.wall()) + " s, " + step + " " + seconds(line.stepTime())
                + " s, raw COPY " + seconds(copy) + " s, peak heap " + mb(run.peakHeapBytes()) + " MB");
        return line;
    }

    /** When the receipt of a file was written (its modified time), beside the archived file. */
    private static Optional<Instant> receiptWritten(Path home, RawCopy.Taken taken) throws IOException {
        try (Stream<Path> files = Files.walk(BenchHome.inbox(home, taken.departmentName()))) {
            return files.filter(p -> p.getFileName().toString().startsWith(taken.receiptNo() + "_")
                            && p.getFileName().toString().endsWith("_受付結果.txt"))
                    .findFirst().map(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toInstant();
                        } catch (IOException e) {
                            return null;
                        }
                    });
        }
    }

    private static int receipts(Path folder) throws IOException {
        while (true) {
            try (Stream<Path> files = Files.walk(folder)) {
                return (int) files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> p.getFileName().toString().endsWith("_受付結果.txt")).count();
            } catch (UncheckedIOException e) {
                // serve moved a file (the dropped one into its archive) between the walk's listing and its look
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    /** Mail written to the outbox (no SMTP server in the home), by kind: NNNNNN_&lt;kind&gt;.eml. */
    static Map<String, Long> mailByKind(Path outbox) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.walk(outbox)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))
                    .map(n -> n.substring(n.indexOf('_') + 1, n.length() - 4))
                    .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
        }
    }

    private static Map<String, Long> mailSince(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> written = new TreeMap<>();
        after.forEach((kind, n) -> {
            long added = n - before.getOrDefault(kind, 0L);
            if (added > 0) {
                written.put(kind, added);
            }
        });
        return written;
    }

    /** Start-up, sweep and overnight steps of a run-once, from the times of its log lines. */
    private static String phases(Path home) {
        Optional<Duration> sweep = logSpan(home, "run-once", ScaleBenchmark::routesStarted,
                ScaleBenchmark::overnightStarted);
        Optional<Duration> overnight = logSpan(home, "run-once", ScaleBenchmark::overnightStarted,
                ScaleBenchmark::overnightEnded);
        return "sweep " + sweep.map(d -> seconds(d) + " s").orElse("–") + ", overnight steps "
                + overnight.map(d -> seconds(d) + " s").orElse("–");
    }

    private static boolean routesStarted(String line) {
        return line.contains("Apache Camel") && line.contains(" started in ");
    }

    private static boolean overnightStarted(String line) {
        return line.contains("Overnight run as of") && line.endsWith(" started");
    }

    private static boolean overnightEnded(String line) {
        return line.contains("Overnight run as of") && !line.endsWith(" started");
    }

    /**
     * The time between the last line matching {@code from} and the first matching {@code to} after it, in the
     * home's log (times in collector.zone; only their difference counts). Empty when the log does not say.
     */
    private static Optional<Duration> logSpan(Path home, String what, Predicate<String> from, Predicate<String> to) {
        Path log = home.resolve("logs").resolve("collector.log");
        LocalDateTime start = null;
        LocalDateTime end = null;
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.length() < 23 || !Character.isDigit(line.charAt(0))) {
                    continue;
                }
                if (from.test(line)) {
                    start = LocalDateTime.parse(line.substring(0, 23), LOG_TIME);
                    end = null;
                } else if (start != null && end == null && to.test(line)) {
                    end = LocalDateTime.parse(line.substring(0, 23), LOG_TIME);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return start == null || end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
    }

    // ---------------------------------------------------------------- the report

    private String machine() {
        notes.add("| run at | " + Instant.now().atOffset(ZoneOffset.UTC).withNano(0) + " |");
        notes.add("| machine | " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + "%.0f GB".formatted(totalMemory() / 1e9) + " RAM; load average %.2f at start |".formatted(load()));
        notes.add("| JVM | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + "; every command in a JVM of its own: `java -Xmx… -jar reform-results-collector.jar … --home H` |");
        notes.add("| settings | scale.rows=" + growthRows.stream().map(String::valueOf).collect(Collectors.joining(","))
                + " scale.large-rows=" + largeRows + " scale.departments=" + departments + " scale.drops=" + drops
                + " scale.serve-rows=" + serveRows + " scale.heap=" + heap + " scale.small-heap=" + smallHeap
                + " scale.overnight-heap=" + overnightHeap + " scale.cap-minutes=" + cap.toMinutes() + " scale.soak-minutes=" + soakMinutes
                + " scale.cases=" + String.join(",", new java.util.TreeSet<>(cases)) + " |");
        return LocalDateTime.now(ZONE).toString();
    }

    private String report(String started) {
        StringBuilder out = new StringBuilder("# Scale benchmark\n\n| | |\n|---|---|\n");
        notes.forEach(n -> out.append(n).append('\n'));
        out.append("| load average at end | %.2f |\n\n".formatted(load()));
        out.append("| case | -Xmx | exit | rows | wall s | measured | s | rows/s | µs/row | peak heap MB "
                + "| peak RSS MB | raw COPY s | × COPY | notes |\n");
        out.append("|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Line l : lines) {
            Double stepSeconds = l.stepTime() == null ? null : l.stepTime().toNanos() / 1e9;
            boolean perRow = l.rows() != null && stepSeconds != null && stepSeconds > 0;
            out.append("| ").append(l.name()).append(" | ").append(l.heap()).append(" | ").append(l.outcome())
                    .append(" | ").append(l.rows() == null ? "" : count(l.rows()))
                    .append(" | ").append(seconds(l.wall())).append(" | ").append(l.step())
                    .append(" | ").append(seconds(l.stepTime()))
                    .append(" | ").append(perRow ? count(Math.round(l.rows() / stepSeconds)) : "–")
                    .append(" | ").append(perRow ? "%.1f".formatted(stepSeconds * 1e6 / l.rows()) : "–")
                    .append(" | ").append(mb(l.peakHeap())).append(" | ").append(mb(l.peakRss()))
                    .append(" | ").append(l.copy() == null ? "–" : "%.2f".formatted(l.copy().toNanos() / 1e9))
                    .append(" | ").append(l.copy() != null && stepSeconds != null
                            ? "%.1f×".formatted(stepSeconds / (l.copy().toNanos() / 1e9)) : "–")
                    .append(" | ").append(l.note().replace("|", "\\|")).append(" |\n");
        }
        out.append(growth());
        sections.forEach(out::append);
        out.append("\nStarted ").append(started).append(" (Asia/Tokyo).\n");
        return out.toString();
    }

    /** The growth series' time per row side by side: the same figure at every size when the cost is linear. */
    private String growth() {
        List<String> perRow = new ArrayList<>();
        List<Double> micros = new ArrayList<>();
        for (Line l : lines) {
            // the growth series only: not the large files' whole run-once, nor the faults case's runs
            if (l.name().startsWith("CSV UTF-8") && !l.name().contains("whole run-once") && l.rows() != null
                    && l.step().startsWith("ingest")) {
                if (l.stepTime() == null) {
                    perRow.add(count(l.rows()) + " rows: " + l.outcome());
                } else {
                    double us = l.stepTime().toNanos() / 1e3 / l.rows();
                    micros.add(us);
                    perRow.add(count(l.rows()) + " rows: %.0f µs".formatted(us));
                }
            }
        }
        if (perRow.size() < 2) {
            return "";
        }
        String ratio = micros.size() < 2 ? "" : "; largest ÷ smallest size's time per row: %.2f (1.00 is linear growth)"
                .formatted(micros.get(micros.size() - 1) / micros.get(0));
        return "\nIngest time per row (CSV UTF-8): " + String.join(", ", perRow) + ratio + ".\n";
    }

    // ---------------------------------------------------------------- small things

    private void removeUnlessKept(Path home) throws IOException {
        if (!keep) {
            BenchHome.delete(home);
        }
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split("\\s*,\\s*")).filter(s -> !s.isBlank()).map(Integer::valueOf).toList();
    }

    private static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "").toLowerCase(Locale.ROOT);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String seconds(Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e9);
    }

    private static String mb(long bytes) {
        return bytes <= 0 ? "–" : Long.toString(Math.round(bytes / (1024.0 * 1024)));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long totalMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    static void log(String message) {
        System.err.println("[scale " + LocalDateTime.now(ZONE).format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] "
                + message);
    }
}
