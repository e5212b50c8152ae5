package jp.reform.collector.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.reform.collector.support.FreePorts;
import jp.reform.collector.support.TestFiles;

/**
 * The soak case of the scale benchmark ({@code scale.cases=soak}): the packaged {@code serve} kept busy for
 * {@code scale.soak-minutes} on a home made from the samples, as IT staff run it for months, and its JVM looked
 * at from outside every minute. Each second a small valid CSV is dropped into a 課 folder (a new version of one
 * indicator's result; every 20th a byte-for-byte copy of the one before, which is answered as a duplicate) and a
 * signed-in admin reads four console pages; every minute (at :30) one target of config/ is toggled, so that serve
 * reloads its routes, re-syncs the plan and re-evaluates. Once a minute (at :00): heap in use after a full GC
 * ({@code jcmd GC.run}, then {@code GC.heap_info}), metaspace and classes loaded, threads, open fds, RSS, and the
 * home's PostgreSQL processes (postmaster and its children: one per open connection). At the end: files dropped
 * against receipts and database rows, console requests and failures, reloads from serve's log.
 */
final class SoakRun {

    /** What the run showed: serve's measured outcome, a one-line note for the main table, the section. */
    record Result(CollectorProcess.Outcome outcome, String note, String section) {
    }

    /** serve's JVM at one moment. */
    record Sample(long heapKb, long metaspaceKb, long classes, long threads, long fds, long rssKb, long pgProcesses) {
    }

    /** One row of the table: the load so far (files and reloads) or in the minute (requests), and the JVM after it. */
    private record Row(String at, int dropped, int receipts, int requests, int failures, long p50Ms, long maxMs,
                       int edits, int reloads, double load, Sample jvm) {
    }

    private static final String DEPARTMENT_FOLDER = "情報政策課"; // a former name of DX推進課, as the samples use
    private static final String PLAN = "atsugi-7-2";
    private static final String INDICATOR = "I-3-ウ-1";
    private static final int YEAR = 2025;
    private static final String LOGIN = "soak-admin";
    private static final String PASSWORD = "soak-password-2026";
    private static final List<String> PAGES = List.of("/board?plan=" + PLAN + "&fy=" + YEAR, "/submissions",
            "/audit", "/api/board?plan=" + PLAN + "&fy=" + YEAR);
    private static final Pattern HEAP_USED = Pattern.compile("(?:heap|generation)\\s+total \\d+K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final Pattern RUNNING_AGAIN = Pattern.compile("routes running again after (\\d+) ms");

    private final CollectorProcess collector;
    private final Path dir;
    private final String heap;
    private final int minutes;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    // the load's counters, read by the sampler once a minute
    private final Object counts = new Object();
    private int dropped;
    private int edits;
    private int requests;
    private int failures;
    private final List<Long> latenciesMs = new ArrayList<>();
    private final Map<String, Integer> failureKinds = new TreeMap<>();
    private final List<Row> rows = new CopyOnWriteArrayList<>();

    SoakRun(CollectorProcess collector, Path dir, String heap, int minutes) {
        this.collector = collector;
        this.dir = dir;
        this.heap = heap;
        this.minutes = minutes;
    }

    Result run() throws Exception {
        Path home = makeHome(dir.resolve("soak"));
        Path folder = BenchHome.inbox(home, DEPARTMENT_FOLDER);
        addAdmin(home);
        int httpPort = FreePorts.next();
        String base = "http://127.0.0.1:" + httpPort;
        ScaleBenchmark.log("soak: serve -Xmx" + heap + " for " + minutes + " min; console " + base);
        CollectorProcess.Running serve = collector.start(home, heap, "serve", Map.of("HTTP_PORT",
                Integer.toString(httpPort), "HTTP_MANAGEMENT_PORT", Integer.toString(FreePorts.next())),
                "serve");
        Path serveErr = home.resolve("bench-logs").resolve("serve.err");
        String ended;
        try {
            ended = soak(serve, home, folder, base, serveErr);
        } catch (Exception | Error e) {
            serve.stop(Duration.ofMinutes(3)); // not left running with its database
            throw e;
        }
        CollectorProcess.Outcome outcome = serve.stop(Duration.ofMinutes(3));
        return new Result(outcome, ended == null ? "" : ended, section(home, folder, serveErr, outcome, ended));
    }

    /** The load, the samples, the wait for the last receipts; says why it ended early, or null. */
    private String soak(CollectorProcess.Running serve, Path home, Path folder, String base, Path serveErr)
            throws Exception {
        awaitConsole(base, serve);
        awaitSamples(home.resolve("inbox"), serve);
        ConsoleClient admin = new ConsoleClient(base).signIn(LOGIN, PASSWORD);
        rows.add(row("start", folder, serveErr, serve));

        Path targets = home.resolve("config").resolve("plans").resolve(PLAN).resolve("targets.csv");
        String targetLine = targetLine(targets);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "soak-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        AtomicInteger sampled = new AtomicInteger();
        // on its own thread, so that the drops and requests keep their pace while jcmd runs
        sampler.scheduleAtFixedRate(() -> {
            try {
                Row r = row(Integer.toString(sampled.get() + 1), folder, serveErr, serve);
                rows.add(r);
                sampled.incrementAndGet();
                ScaleBenchmark.log("soak: minute " + r.at() + ": " + describe(r));
            } catch (Exception e) {
                ScaleBenchmark.log("soak: sampling failed: " + e);
            }
        }, 60, 60, TimeUnit.SECONDS);
        String ended = null;
        for (int second = 0; second < minutes * 60; second++) {
            long due = started + TimeUnit.SECONDS.toNanos(second);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!serve.isAlive()) {
                ended = "serve exited after " + second + " s";
                break;
            }
            drop(home, second + 1);
            if (second % 60 == 30) {
                toggleTarget(targets, targetLine);
            }
            admin = readPages(admin, base);
        }
        // the last minute's row is taken at its end, a moment after the last second's load
        Instant lastRow = Instant.now().plus(Duration.ofMinutes(2));
        while (ended == null && sampled.get() < minutes && Instant.now().isBefore(lastRow)) {
            Thread.sleep(100);
        }
        sampler.shutdown();
        sampler.awaitTermination(2, TimeUnit.MINUTES);
        ScaleBenchmark.log("soak: load ended; waiting for the last files' receipts");
        Instant drained = Instant.now().plus(Duration.ofMinutes(3));
        while (serve.isAlive() && Instant.now().isBefore(drained)
                && (waiting(folder) > 0 || receipts(folder) < dropped)) {
            Thread.sleep(250);
        }
        if (serve.isAlive()) {
            rows.add(row("end", folder, serveErr, serve));
        } else if (ended == null) {
            ended = "serve exited after the load";
        }
        return ended;
    }

    // ---------------------------------------------------------------- the home and the load

    /**
     * A home as the demo makes it: config/ and routes/ of the project, samples/inbox as the inbox; config/ checked
     * every 2 s and taken up after 1 s unchanged, so that an edit is reloaded within seconds.
     */
    private static Path makeHome(Path home) throws IOException {
        BenchHome.delete(home);
        TestFiles.copyTree(Path.of("config"), home.resolve("config"));
        Files.deleteIfExists(home.resolve("config").resolve("users.csv")); // sign-in data of this checkout: never
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        TestFiles.copyTree(Path.of("samples", "inbox"), home.resolve("inbox"));
        Files.createDirectories(home.resolve("staging"));
        Files.writeString(home.resolve("config").resolve("application.properties"),
                "\n# --- the soak benchmark's settings (later keys win) ---\nconfig.check-seconds=2\n"
                        + "config.settle-seconds=1\ncollector.inbox-shown-to-departments=" + home.resolve("inbox")
                        + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return home;
    }

    /** {@code users add} as an operator runs it, the password piped in. */
    private void addAdmin(Path home) throws Exception {
        CollectorProcess.Running add = collector.start(home, heap, "users-add", Map.of(), "users", "add",
                "--login", LOGIN, "--name", "管理者（ソーク）", "--role", "admin", "--password-stdin");
        add.input(PASSWORD + "\n");
        CollectorProcess.Outcome o = add.await(Duration.ofMinutes(2));
        if (!Integer.valueOf(0).equals(o.exit())) {
            throw new IllegalStateException("users add ended with " + o.exit() + ": " + o.errorLine());
        }
    }

    /**
     * The n-th file: a new version of the indicator's result (its value and its 取組状況 differ from the file
     * before), except every 20th, which is the file before again (saved twice by the 課: a duplicate).
     */
    private void drop(Path home, int n) throws IOException {
        int version = n % 20 == 0 ? n - 1 : n;
        String csv = "\uFEFF指標コード,年度,実績値,取組状況,成果と課題,今後の取組,自己評価\r\n"
                + INDICATOR + "," + YEAR + "," + (80 + version % 20) + ",電子申請の対象手続を拡大した（第" + version
                + "報）,対象手続が増えた,利用の少ない手続の入力画面を改善する,概ね達成\r\n";
        Path written = home.resolve("staging").resolve("soak-%05d.csv".formatted(n));
        Files.writeString(written, csv, StandardCharsets.UTF_8);
        BenchHome.drop(written, home, DEPARTMENT_FOLDER);
        synchronized (counts) {
            dropped = n;
        }
    }

    /** The line of the indicator's target in the year, which the edits toggle between its value and one more. */
    private static String targetLine(Path targets) throws IOException {
        String prefix = INDICATOR + "," + YEAR + ",";
        return Files.readAllLines(targets, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix))
                .filter(l -> l.split(",").length == 4).findFirst()
                .orElseThrow(() -> new IllegalStateException("no target of " + INDICATOR + " " + YEAR + " in " + targets));
    }

    /** Rewrites targets.csv in place, as an editor saves it, with the target one more or back as it was. */
    private void toggleTarget(Path targets, String original) throws IOException {
        int edit;
        synchronized (counts) {
            edit = ++edits;
        }
        String line = original;
        if (edit % 2 == 1) {
            String[] cells = original.split(",");
            String value = new BigDecimal(cells[3]).add(BigDecimal.ONE).toPlainString();
            line = cells[0] + "," + cells[1] + "," + (cells[2].equals(cells[3]) ? value : cells[2]) + "," + value;
        }
        String text = Files.readString(targets, StandardCharsets.UTF_8);
        Matcher current = Pattern.compile("^" + Pattern.quote(INDICATOR + "," + YEAR + ",") + "[^\\r\\n]*",
                Pattern.MULTILINE).matcher(text);
        if (!current.find()) {
            throw new IllegalStateException("the target line of " + INDICATOR + " is gone from " + targets);
        }
        Files.writeString(targets, text.substring(0, current.start()) + line + text.substring(current.end()),
                StandardCharsets.UTF_8);
    }

    /** The four pages once; a page not answered 200 is a failure, and a sign-in page signs in again. */
    private ConsoleClient readPages(ConsoleClient admin, String base) {
        ConsoleClient client = admin;
        for (String page : PAGES) {
            String failure = null;
            long ms = -1;
            try {
                ConsoleClient.Timed r = client.get(page);
                ms = r.nanos() / 1_000_000;
                if (r.status() != 200) {
                    failure = "HTTP " + r.status();
                }
                if (r.status() == 303 || r.status() == 401) {
                    client = new ConsoleClient(base).signIn(LOGIN, PASSWORD); // the session was lost
                }
            } catch (RuntimeException e) {
                failure = kind(e);
            }
            synchronized (counts) {
                requests++;
                if (failure != null) {
                    failures++;
                    failureKinds.merge(failure, 1, Integer::sum);
                } else {
                    latenciesMs.add(ms);
                }
            }
        }
        return client;
    }

    private static String kind(RuntimeException e) {
        String message = String.valueOf(e.getCause() != null ? e.getCause() : e);
        if (message.contains("ConnectException")) {
            return "connection refused";
        }
        if (message.contains("Timeout")) {
            return "timed out";
        }
        return e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- looking at serve

    private Row row(String at, Path folder, Path serveErr, CollectorProcess.Running serve) throws Exception {
        int d;
        int e;
        int n;
        int f;
        List<Long> ms;
        synchronized (counts) {
            d = dropped;
            e = edits;
            n = requests;
            f = failures;
            ms = new ArrayList<>(latenciesMs);
            requests = 0;
            failures = 0;
            latenciesMs.clear();
        }
        ms.sort(null);
        long p50 = ms.isEmpty() ? -1 : ms.get((ms.size() - 1) / 2);
        long max = ms.isEmpty() ? -1 : ms.get(ms.size() - 1);
        int receipts = receipts(folder);
        int reloads = reloadTimes(serveErr).size();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new Row(at, d, receipts, n, f, p50, max, e, reloads, load, sample(serve.pid(), folder.getParent().getParent()));
    }

    /** serve's JVM now: a full GC first, so that the heap figure is what is still referenced. */
    private Sample sample(long pid, Path home) throws Exception {
        jcmd(pid, "GC.run");
        String heapInfo = jcmd(pid, "GC.heap_info");
        long heapKb = 0;
        Matcher used = HEAP_USED.matcher(heapInfo);
        while (used.find()) {
            heapKb += Long.parseLong(used.group(1)); // G1: one line; serial and parallel: one per generation
        }
        Matcher metaspace = METASPACE_USED.matcher(heapInfo);
        long metaspaceKb = metaspace.find() ? Long.parseLong(metaspace.group(1)) : -1;
        Map<String, Long> counters = perfCounters(jcmd(pid, "PerfCounter.print"));
        long classes = counters.getOrDefault("java.cls.loadedClasses", 0L)
                + counters.getOrDefault("java.cls.sharedLoadedClasses", 0L)
                - counters.getOrDefault("java.cls.unloadedClasses", 0L)
                - counters.getOrDefault("java.cls.sharedUnloadedClasses", 0L);
        Path proc = Path.of("/proc", Long.toString(pid));
        return new Sample(heapKb, metaspaceKb, classes, entries(proc.resolve("task")), entries(proc.resolve("fd")),
                rssKb(proc.resolve("status")), postgresProcesses(home));
    }

    private String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + ": " + out.strip());
        }
        return out;
    }

    private static Map<String, Long> perfCounters(String text) {
        Map<String, Long> counters = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).strip().matches("\\d+")) {
                counters.put(line.substring(0, eq).strip(), Long.parseLong(line.substring(eq + 1).strip()));
            }
        }
        return counters;
    }

    private static long entries(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.count();
        }
    }

    private static long rssKb(Path status) throws IOException {
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1L);
        }
    }

    /** The home's postmaster (from its postmaster.pid) and its children: checkpointer, writers, one per connection. */
    private static long postgresProcesses(Path home) {
        try {
            long pid = Long.parseLong(Files.readAllLines(home.resolve("data").resolve("postgres")
                    .resolve("postmaster.pid")).get(0).strip());
            return ProcessHandle.of(pid).map(p -> 1 + p.descendants().count()).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The soak's receipts: beside its archived files in .done/ and .error/. */
    private static int receipts(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return (int) files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("_soak-") && n.endsWith("_受付結果.txt")).count();
        }
    }

    /** The soak's files still in the 課 folder itself: not taken yet. */
    private static int waiting(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return (int) files.filter(p -> p.getFileName().toString().startsWith("soak-")).count();
        }
    }

    /** Where the soak's files ended: .done, .error, .quarantine or still in the folder. */
    private static Map<String, Long> placed(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().matches("(?:.*_)?soak-\\d+\\.csv"))
                    .map(p -> p.getParent().equals(folder) ? "in the folder"
                            : folder.relativize(p).getName(0).toString())
                    .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
        }
    }

    /** Each reload's "routes running again after N ms", from serve's log (stderr: never rolled over). */
    private static List<Long> reloadTimes(Path serveErr) throws IOException {
        List<Long> times = new ArrayList<>();
        try (Stream<String> lines = Files.lines(serveErr, StandardCharsets.UTF_8)) {
            lines.forEach(l -> {
                Matcher m = RUNNING_AGAIN.matcher(l);
                if (m.find()) {
                    times.add(Long.parseLong(m.group(1)));
                }
            });
        }
        return times;
    }

    /**
     * serve's log lines of a level, by message with its figures blanked out (console format:
     * {@code yyyy-MM-dd HH:mm:ss LEVEL Logger - message}).
     */
    private static Map<String, Long> linesWith(Path log, String level) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.length() > 20 && l.substring(19).startsWith(" " + level + " "))
                    .map(l -> l.substring(20 + level.length()).strip().replaceAll("\\d+", "#"))
                    .map(m -> m.length() > 140 ? m.substring(0, 140) + "…" : m)
                    .collect(Collectors.groupingBy(m -> m, TreeMap::new, Collectors.counting()));
        }
    }

    private static String listed(Map<String, Long> messages) {
        long all = messages.values().stream().mapToLong(Long::longValue).sum();
        return all + (messages.isEmpty() ? "" : " (" + messages.entrySet().stream()
                .map(e -> e.getValue() + "× \"" + e.getKey().replace("|", "\\|") + "\"")
                .collect(Collectors.joining(", ")) + ")");
    }

    /** The sample files, taken at serve's start, out of their folders: the start row is taken after them. */
    private static void awaitSamples(Path inbox, CollectorProcess.Running serve) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (serve.isAlive() && Instant.now().isBefore(deadline)) {
            long left;
            try (Stream<Path> files = Files.walk(inbox, 2)) {
                left = files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
            }
            if (left == 0) {
                return;
            }
            Thread.sleep(250);
        }
        ScaleBenchmark.log("soak: the sample files were not all taken within 3 minutes; going on");
    }

    private static void awaitConsole(String base, CollectorProcess.Running serve) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (serve.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                if (new ConsoleClient(base).get("/login").status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("serve's console did not answer within 5 minutes"
                + (serve.isAlive() ? "" : " (serve exited)"));
    }

    // ---------------------------------------------------------------- the report

    private String section(Path home, Path folder, Path serveErr, CollectorProcess.Outcome outcome, String ended)
            throws IOException {
        StringBuilder out = new StringBuilder("\n## Soak: `serve` for " + minutes + " min, -Xmx" + heap + "\n\n");
        out.append("Each second a CSV into inbox/").append(DEPARTMENT_FOLDER).append("/ and ").append(PAGES.size())
                .append(" console pages as an admin (").append(String.join(", ", PAGES))
                .append("); each minute at :30 the target of ").append(INDICATOR).append(" FY").append(YEAR)
                .append(" in config/plans/").append(PLAN).append("/targets.csv toggled (a reload). ")
                .append("Files, receipts, edits and reloads are counts so far; requests, failures and times are ")
                .append("of the minute; the JVM figures are taken at the end of the minute, the heap after a full GC.\n\n");
        out.append("| min | files dropped | receipts | requests | failed | p50 ms | max ms | config edits | reloads "
                + "| heap after GC MB | metaspace MB | classes | threads | fds | RSS MB | PostgreSQL procs | load |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Sample s = r.jvm();
            out.append("| ").append(r.at()).append(" | ").append(r.dropped()).append(" | ").append(r.receipts())
                    .append(" | ").append(r.requests()).append(" | ").append(r.failures())
                    .append(" | ").append(r.p50Ms() < 0 ? "–" : r.p50Ms()).append(" | ").append(r.maxMs() < 0 ? "–" : r.maxMs())
                    .append(" | ").append(r.edits()).append(" | ").append(r.reloads())
                    .append(" | ").append(mb(s.heapKb())).append(" | ").append(mb(s.metaspaceKb()))
                    .append(" | ").append(s.classes()).append(" | ").append(s.threads()).append(" | ").append(s.fds())
                    .append(" | ").append(mb(s.rssKb())).append(" | ").append(s.pgProcesses())
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", r.load())).append(" |\n");
        }
        out.append('\n').append(firstVersusLast()).append('\n');
        List<Long> reloads = reloadTimes(serveErr);
        int requestsAll = rows.stream().mapToInt(Row::requests).sum();
        int failedAll = rows.stream().mapToInt(Row::failures).sum();
        int receipts = receipts(folder);
        Map<String, Long> placed = placed(folder);
        String stored;
        boolean accounted = receipts == dropped && placed.keySet().stream().allMatch(k -> k.equals(".done"));
        try {
            Stored db = database(home);
            accounted &= db.files().values().stream().mapToLong(Long::longValue).sum() == dropped
                    && db.files().keySet().stream().allMatch(k -> k.equals("accepted") || k.equals("duplicate"));
            stored = "files " + db.files() + ", " + db.versions() + " versions of " + INDICATOR + " FY" + YEAR
                    + " (the sample's and one per file accepted), receipt mail (all files) " + db.receiptMail();
        } catch (SQLException | RuntimeException e) {
            accounted = false;
            stored = "not readable: " + e.getMessage();
        }
        out.append("\nFiles: ").append(dropped).append(" dropped, ").append(receipts).append(" receipts, ")
                .append(placed).append("; database: ").append(stored).append(". ")
                .append(accounted ? "Every file accounted for (accepted or duplicate, with its receipt, none left)."
                        : "NOT every file accounted for.").append('\n');
        out.append("Console: ").append(requestsAll).append(" requests, ").append(failedAll).append(" failed ")
                .append(failureKinds).append(". Config edits ").append(edits).append(", reloads ")
                .append(reloads.size()).append(reloads.isEmpty() ? "" : " (routes running again after, in order, "
                        + reloads.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " ms)")
                .append(". Mail written to outbox/ (.eml): ").append(ScaleBenchmark.mailByKind(home.resolve("outbox")))
                .append(".\nserve's log: ").append(listed(linesWith(serveErr, "ERROR"))).append(" ERROR and ")
                .append(listed(linesWith(serveErr, "WARN"))).append(" WARN lines. serve stopped (SIGTERM): exit ")
                .append(outcome.exit()).append(ended == null ? "" : "; " + ended).append(".\n");
        return out.toString();
    }

    /** The JVM figures of the first and last rows side by side, with the smallest and largest in between. */
    private String firstVersusLast() {
        if (rows.isEmpty()) {
            return "No sample taken.";
        }
        Row first = rows.get(0);
        Row last = rows.get(rows.size() - 1);
        List<String> figures = new ArrayList<>();
        figures.add(range("heap after GC", first, last, Sample::heapKb, true));
        figures.add(range("metaspace", first, last, Sample::metaspaceKb, true));
        figures.add(range("classes", first, last, Sample::classes, false));
        figures.add(range("threads", first, last, Sample::threads, false));
        figures.add(range("fds", first, last, Sample::fds, false));
        figures.add(range("RSS", first, last, Sample::rssKb, true));
        figures.add(range("PostgreSQL processes", first, last, Sample::pgProcesses, false));
        return "First (" + first.at() + ") → last (" + last.at() + "), [min–max of all rows]: "
                + String.join("; ", figures) + ".";
    }

    private String range(String name, Row first, Row last, ToLongFunction<Sample> figure, boolean kb) {
        long min = rows.stream().mapToLong(r -> figure.applyAsLong(r.jvm())).min().orElse(0);
        long max = rows.stream().mapToLong(r -> figure.applyAsLong(r.jvm())).max().orElse(0);
        java.util.function.LongFunction<String> f = v -> kb ? mb(v) + " MB" : Long.toString(v);
        return name + " " + f.apply(figure.applyAsLong(first.jvm())) + " → " + f.apply(figure.applyAsLong(last.jvm()))
                + " [" + f.apply(min) + "–" + f.apply(max) + "]";
    }

    private static String describe(Row r) {
        Sample s = r.jvm();
        return "files " + r.dropped() + ", receipts " + r.receipts() + ", requests " + r.requests() + " ("
                + r.failures() + " failed), reloads " + r.reloads() + "; heap " + mb(s.heapKb()) + " MB, metaspace "
                + mb(s.metaspaceKb()) + " MB, classes " + s.classes() + ", threads " + s.threads() + ", fds " + s.fds()
                + ", RSS " + mb(s.rssKb()) + " MB, PostgreSQL " + s.pgProcesses();
    }

    /** What the database holds, serve having stopped. */
    private record Stored(Map<String, Long> files, long versions, Map<String, Long> receiptMail) {
    }

    private static Stored database(Path home) throws SQLException {
        try (RawCopy raw = RawCopy.open(home)) {
            return new Stored(raw.filesByStatus("soak-%"), raw.versions(PLAN, INDICATOR, YEAR),
                    raw.mailByStatus("receipt"));
        }
    }

    private static String mb(long kb) {
        return kb < 0 ? "–" : String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }
}
