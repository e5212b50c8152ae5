package jp.reform.collector.fault;

import static jp.reform.collector.support.DepartmentFiles.HEADER;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.TestFiles;

/**
 * An application home for a collector process: the project's config and routes, an empty inbox, and the
 * settings a fault test needs as environment variables (as an operator would give them).
 */
final class FaultHome {

    /** A department whose folder takes the batch files, and the indicator they report. */
    static final String DEPARTMENT = "職員課";
    private static final String INDICATOR = "I-1-ウ-1";

    final Path home;
    final Path inbox;
    private final Map<String, String> environment = new HashMap<>();

    FaultHome(Path home) throws IOException {
        this.home = home;
        TestFiles.copyTree(Path.of("config"), home.resolve("config"));
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        this.inbox = Files.createDirectories(home.resolve("inbox"));
        environment.put("INTAKE_POLL_DELAY_MS", "300");
        // unchanged at the next poll is settled: the batch files are moved in whole (bundled: 0.8 s)
        environment.put("INTAKE_SETTLE_MS", "200");
        // the console has tests of its own; here it would only need two more free ports
        environment.put("HTTP_ENABLED", "false");
        // no mailbox, and mail as .eml files, unless a test sets a mail server
        environment.put("MAIL_IMAP_HOST", "");
        environment.put("MAIL_SMTP_HOST", "");
    }

    FaultHome set(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    FaultHome setAll(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** Starts {@code command --home <home> args…}. */
    CollectorProcess start(String command, String... args) {
        return startUnder(List.of(), command, args);
    }

    /** Starts {@code command --home <home> args…}, run by {@code wrapper} (see CollectorProcess). */
    CollectorProcess startUnder(List<String> wrapper, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--home", home.toString()));
        all.addAll(List.of(args));
        return CollectorProcess.start(wrapper, home.resolve("processes"), environment, all.toArray(String[]::new));
    }

    /**
     * Drops {@code count} valid result files of one department into the inbox, each with other content;
     * returns their SHA-256 by file name.
     */
    Map<String, String> dropBatch(int count, String prefix) throws Exception {
        Path folder = Files.createDirectories(inbox.resolve(DEPARTMENT));
        Map<String, String> sha256 = new HashMap<>();
        for (int i = 1; i <= count; i++) {
            String name = "%s_%02d.xlsx".formatted(prefix, i);
            // written elsewhere and moved in whole, as a department's save would end
            Path written = DepartmentFiles.xlsx(home.resolve(name), "令和7年度 実績報告", HEADER,
                    List.of(List.of(INDICATOR, 2025, 20 + i, prefix + " の派遣研修 " + i + " 件目", "", "", "")));
            sha256.put(name, sha256(written));
            Files.move(written, folder.resolve(name));
        }
        return sha256;
    }

    /** Waits until {@code files} files are archived; fails if {@code process} ends first or {@code bound} passes. */
    void awaitArchived(CollectorProcess process, int files, Duration bound) throws Exception {
        process.await(files + " files archived", bound, () -> archived().size() >= files);
    }

    /** Files still waiting in the department folders (not archived). */
    List<Path> waiting() throws IOException {
        try (Stream<Path> files = Files.walk(inbox)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !inbox.relativize(p).toString().contains("/."))
                    .toList();
        }
    }

    /**
     * Files archived under .done or .error, receipts excluded. A running collector moves files while the folder
     * is listed: a file gone between the listing and its look is listed again at once.
     */
    List<Path> archived() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(inbox)) {
                return files.filter(Files::isRegularFile)
                        .filter(p -> inbox.relativize(p).toString().contains("/."))
                        // the originals kept a while after their loaded copy was archived (TakenOriginals)
                        .filter(p -> !inbox.relativize(p).toString().contains("/.taken/"))
                        .filter(p -> !p.getFileName().toString().endsWith("_受付結果.txt"))
                        .toList();
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    Path log() {
        return home.resolve("logs").resolve("collector.log");
    }

    String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log()) : "";
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
