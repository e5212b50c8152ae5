package jp.reform.collector.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import jp.reform.collector.app.CollectorCommand;

/** The command line as an operator runs it, in the test JVM: exit code and what it printed. */
public final class Cli {

    public record Run(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    /** Runs one command; synchronized because it swaps the JVM's standard streams. */
    public static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code = CollectorCommand.execute(args);
            return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
