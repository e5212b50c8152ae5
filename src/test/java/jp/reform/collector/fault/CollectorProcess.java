package jp.reform.collector.fault;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The collector as an operator runs it: a separate JVM ({@code java -cp … CollectorCommand <args>}) with the
 * test's class path, so that it can be killed, frozen out and timed like the real thing. Its stdout and
 * stderr go to files beside the home. Closing it kills what is still running.
 */
final class CollectorProcess implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String description;

    private CollectorProcess(Process process, Path stdout, Path stderr, String description) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.description = description;
    }

    /** Starts {@code CollectorCommand args} with these environment variables added to the test's own. */
    static CollectorProcess start(Path logDir, Map<String, String> environment, String... args) {
        return start(List.of(), logDir, environment, args);
    }

    /** The same, run by {@code wrapper} (a command that runs the rest of its line: setpriv with its options). */
    static CollectorProcess start(List<String> wrapper, Path logDir, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small heap: several of these run beside the test JVM on a 2-core machine
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dfile.encoding=UTF-8");
        // the application's logging (console and <home>/logs/collector.log), not the tests' console-only one
        command.add("-Dlog4j2.configurationFile=" + CollectorProcess.class.getResource("/log4j2.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("jp.reform.collector.app.CollectorCommand");
        command.addAll(List.of(args));
        int n = COUNTER.incrementAndGet();
        Path out = logDir.resolve("process-" + n + ".out");
        Path err = logDir.resolve("process-" + n + ".err");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            return new CollectorProcess(builder.start(), out, err, String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** Waits for the exit code; a process still running after the bound is killed and the test fails. */
    int waitFor(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("collector " + description + " still running after " + bound.toSeconds()
                    + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** A condition a test waits for while the collector runs. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Waits until {@code condition} holds; fails, naming {@code what} was awaited and with the collector's stderr,
     * if the collector ends first or {@code bound} passes.
     */
    void await(String what, Duration bound, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(bound);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new AssertionError(what + " not met within " + bound.toSeconds() + " s; stderr:\n" + stderr());
            }
            Thread.sleep(20);
        }
    }

    /** Whether it ended within the time (without killing it otherwise). */
    boolean endsWithin(Duration time) throws InterruptedException {
        return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The threads of the running collector (jstack), to see where it waits when it overruns a bound. */
    String threadDump() {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        if (!process.isAlive() || !Files.isExecutable(jstack)) {
            return "(no thread dump)";
        }
        try {
            Process dump = new ProcessBuilder(jstack.toString(), Long.toString(process.pid())).redirectErrorStream(true)
                    .start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** kill -9 of the JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
