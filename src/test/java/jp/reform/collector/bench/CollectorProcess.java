package jp.reform.collector.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One command of the packaged collector ({@code java -Xmx… -jar reform-results-collector.jar <command> --home H})
 * in a JVM of its own, as an operator or a scheduler runs it, measured from outside: wall time from start to
 * exit, the peak heap from the JVM's GC log (the largest heap in use before a collection, or at exit), and the
 * peak resident set size ({@code VmHWM} of /proc/&lt;pid&gt;/status, sampled while it runs). A run that passes its
 * time cap is stopped (as systemd stops the service: SIGTERM, then SIGKILL), and so is an embedded PostgreSQL
 * it leaves behind, and is reported as not finished.
 */
final class CollectorProcess {

    /** What one run did and cost. {@code exit} is null when it did not finish within its cap. */
    record Outcome(Integer exit, Duration wall, long peakHeapBytes, long peakRssBytes, Path stdout, Path stderr) {

        boolean finished() {
            return exit != null;
        }

        String errorLine() {
            try (Stream<String> lines = Files.lines(stderr, StandardCharsets.UTF_8)) {
                return lines.filter(l -> l.startsWith("Error:") || l.contains("OutOfMemoryError")).findFirst().orElse("");
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
    }

    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern HEAP_AT_EXIT = Pattern.compile("(?:heap|generation)\\s+total \\d+K, used (\\d+)K");

    private final Path jar;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private volatile Process running;

    CollectorProcess(Path jar) {
        this.jar = jar;
        // a benchmark stopped with Ctrl+C must not leave a collector (and its database) running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = running;
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }));
    }

    /** Starts a command; {@link Running#await} measures it. */
    Running start(Path home, String heap, String name, Map<String, String> environment, String... arguments)
            throws IOException {
        Path logs = Files.createDirectories(home.resolve("bench-logs"));
        Path gcLog = logs.resolve(name + "-gc.log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap, "-Dfile.encoding=UTF-8",
                "-Xlog:gc,gc+heap+exit:file=" + gcLog + "::filecount=0", "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--home", home.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        // the synthetic home's settings only, whatever this shell's environment says
        builder.environment().keySet().removeIf(k -> k.startsWith("DB_") || k.startsWith("MAIL_")
                || k.startsWith("COLLECTOR_") || k.startsWith("LIMITS_") || k.startsWith("HTTP_")
                || k.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        running = process;
        return new Running(process, started, gcLog, logs.resolve(name + ".out"), logs.resolve(name + ".err"),
                home.resolve("data").resolve("postgres"));
    }

    /** A started command. */
    final class Running {
        private final Process process;
        private final long started;
        private final Path gcLog;
        private final Path stdout;
        private final Path stderr;
        private final Path pgData;
        private final AtomicLong peakRss = new AtomicLong();
        private final Thread sampler;

        private Running(Process process, long started, Path gcLog, Path stdout, Path stderr, Path pgData) {
            this.process = process;
            this.started = started;
            this.gcLog = gcLog;
            this.stdout = stdout;
            this.stderr = stderr;
            this.pgData = pgData;
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            this.sampler = new Thread(() -> {
                while (process.isAlive()) {
                    highWaterMark(status).ifPresent(kb -> peakRss.accumulateAndGet(kb * 1024, Math::max));
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        /** Writes {@code text} to the command's standard input and closes it ({@code --password-stdin}). */
        void input(String text) throws IOException {
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Waits for the exit, at most {@code cap}; past it the command is stopped and reported as not finished. */
        Outcome await(Duration cap) throws InterruptedException {
            boolean exited = process.waitFor(cap.toMillis(), TimeUnit.MILLISECONDS);
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            if (!exited) {
                terminate(Duration.ofMinutes(3));
                return finish(null, wall);
            }
            return finish(process.exitValue(), wall);
        }

        /** Kills it (kill -9: no shutdown hook, no clean stop of its database), then measures. */
        Outcome kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
            return finish(process.exitValue(), Duration.ofNanos(System.nanoTime() - started));
        }

        /** Stops it now (SIGTERM, as systemd and Ctrl+C do), then measures. */
        Outcome stop(Duration grace) throws InterruptedException {
            terminate(grace);
            return finish(process.exitValue(), Duration.ofNanos(System.nanoTime() - started));
        }

        private void terminate(Duration grace) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            stopLeftPostgres(pgData);
        }

        private Outcome finish(Integer exit, Duration wall) throws InterruptedException {
            sampler.interrupt();
            sampler.join();
            running = null;
            return new Outcome(exit, wall, peakHeap(gcLog), peakRss.get(), stdout, stderr);
        }
    }

    private static Optional<Long> highWaterMark(Path status) {
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }

    /** The largest heap in use: before any collection, or at exit (the JVM prints it with gc+heap+exit). */
    static long peakHeap(Path gcLog) {
        long peak = 0;
        long atExit = 0;
        try (Stream<String> lines = Files.lines(gcLog, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher pause = GC_PAUSE.matcher(line);
                if (pause.find()) {
                    peak = Math.max(peak, bytes(pause.group(1), pause.group(2)));
                }
                Matcher exit = HEAP_AT_EXIT.matcher(line);
                if (exit.find()) {
                    atExit += Long.parseLong(exit.group(1)) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return Math.max(peak, atExit);
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "G" -> n << 30;
            case "M" -> n << 20;
            default -> n << 10;
        };
    }

    /**
     * The embedded PostgreSQL of a collector that was killed keeps running (pg_ctl detaches it). Stops it only
     * when it is provably the one of this home: the pid of its postmaster.pid runs a command naming this folder.
     */
    static void stopLeftPostgres(Path pgData) throws InterruptedException {
        Path pidFile = pgData.resolve("postmaster.pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return; // stopped cleanly
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid).filter(p -> p.info().commandLine()
                .map(c -> c.contains(pgData.toAbsolutePath().toString())).orElse(false));
        if (server.isPresent()) {
            ScaleBenchmark.log("stopping the embedded PostgreSQL left running (pid " + pid + ")");
            server.get().destroy();
            try {
                server.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                server.get().destroyForcibly();
            }
        }
    }
}
