package jp.reform.collector.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.reform.collector.app.UsersCommand;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code users add|password|list} as an operator runs them, on a copy of the bundled configuration. */
class UsersCommandTest {

    private static final String PASSWORD = "十分に長いパスワード-2026";

    @TempDir
    Path dir;
    private Path config;
    private Path usersCsv;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void copyConfig() throws IOException {
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        usersCsv = config.resolve("users.csv");
    }

    /** Runs the command as CollectorCommand will once it is registered there: operator errors in one line. */
    private Run run(String stdin, String... args) {
        InputStream in = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            CommandLine cli = new CommandLine(new UsersCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                if (e instanceof MasterDataException || e instanceof IllegalStateException
                        || e instanceof IllegalArgumentException) {
                    commandLine.getErr().println("Error: " + e.getMessage());
                    return 2;
                }
                throw e;
            });
            return new Run(cli.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(in);
        }
    }

    private Run add(String password, String... more) {
        String[] base = {"add", "--config", config.toString(), "--login", "tanaka", "--name", "DX推進課 田中",
                "--password-stdin"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(password + "\n", args);
    }

    private UserDirectory users() {
        MasterData master = new MasterDataLoader().load(config);
        return UserDirectory.load(usersCsv, master);
    }

    @Test
    void addWritesAUserWhosePasswordThenVerifies() throws IOException {
        Run run = add(PASSWORD, "--role", "department", "--department", "情報政策課");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Added user tanaka (DX推進課 田中), role department, department DX推進課 "
                + "(given as its former name 情報政策課) to " + usersCsv + " (new file, readable by its owner only).\n");
        User tanaka = users().find("tanaka").orElseThrow();
        assertThat(tanaka.department()).isEqualTo("DX推進課");
        assertThat(new PasswordHasher().verify(PASSWORD, tanaka.passwordHash())).isTrue();
        assertThat(Files.readString(usersCsv)).doesNotContain(PASSWORD).contains("$argon2id$");
    }

    @Test
    void aShortPasswordAnUnknownDepartmentOrAnExistingLoginChangeNothing() {
        Run shortPassword = add("elevenchars", "--role", "admin");
        assertThat(shortPassword.exitCode()).isEqualTo(2);
        assertThat(shortPassword.err()).isEqualTo(
                "Error: The password must be at least 12 characters long (it has 11). Nothing was changed.\n");

        Run unknownDepartment = add(PASSWORD, "--role", "department", "--department", "防災課");
        assertThat(unknownDepartment.exitCode()).isEqualTo(2);
        assertThat(unknownDepartment.err()).startsWith("Error: Unknown department 防災課: it is not in")
                .contains("departments.csv");
        assertThat(add(PASSWORD, "--role", "department").err()).contains("Role department needs --department.");
        assertThat(add(PASSWORD, "--role", "admin", "--department", "行政経営課").err())
                .contains("--department is only for role department");
        assertThat(add(PASSWORD, "--role", "boss").err()).contains("--role must be one of admin, viewer, department");
        assertThat(usersCsv).doesNotExist();

        assertThat(add(PASSWORD, "--role", "admin").exitCode()).isZero();
        Run again = add(PASSWORD, "--role", "viewer");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("User tanaka already exists; set a new password with: users password --login tanaka");
    }

    @Test
    void passwordReplacesTheHashAndListNeverShowsHashes() {
        assertThat(add(PASSWORD, "--role", "admin").exitCode()).isZero();
        String before = users().find("tanaka").orElseThrow().passwordHash();

        Run change = run("another long password\n", "password", "--config", config.toString(), "--login", "TANAKA",
                "--password-stdin");

        assertThat(change.exitCode()).isZero();
        assertThat(change.out()).isEqualTo("Set a new password for tanaka in " + usersCsv + ".\n");
        String after = users().find("tanaka").orElseThrow().passwordHash();
        assertThat(after).isNotEqualTo(before);
        assertThat(new PasswordHasher().verify("another long password", after)).isTrue();

        Run list = run("", "list", "--config", config.toString());
        assertThat(list.out()).isEqualTo("login   name           role   department\n"
                + "tanaka  DX推進課 田中  admin\n").doesNotContain("argon2");
    }

    @Test
    void removeTakesOutOneUserAndNoOtherAndAnUnknownLoginChangesNothing() throws IOException {
        assertThat(add(PASSWORD, "--role", "admin").exitCode()).isZero();
        assertThat(run(PASSWORD + "\n", "add", "--config", config.toString(), "--login", "sato", "--name",
                "財政課 佐藤", "--role", "department", "--department", "財政課", "--password-stdin").exitCode()).isZero();

        Run removed = run("", "remove", "--config", config.toString(), "--login", "TANAKA");

        assertThat(removed.err()).isEmpty();
        assertThat(removed.exitCode()).isZero();
        assertThat(removed.out()).isEqualTo("Removed user tanaka (DX推進課 田中), role admin from " + usersCsv + ".\n");
        assertThat(users().all()).extracting(User::login).containsExactly("sato");
        assertThat(Files.readString(usersCsv)).doesNotContain("tanaka");

        String before = Files.readString(usersCsv);
        Run unknown = run("", "remove", "--config", config.toString(), "--login", "tanaka");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Error: Unknown user tanaka in ").contains("nothing was changed");
        assertThat(Files.readString(usersCsv)).isEqualTo(before);
    }

    @Test
    void withoutAConsoleThePasswordIsOnlyReadFromStandardInputWhenAskedTo() {
        assumeTrue(System.console() == null, "runs without a terminal, as under Maven");

        Run run = run(PASSWORD + "\n", "add", "--config", config.toString(), "--login", "tanaka", "--name", "田中",
                "--role", "admin");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("No console to read the password from", "--password-stdin");
        assertThat(run("", "add", "--config", config.toString(), "--login", "tanaka", "--name", "田中",
                "--role", "admin", "--password", PASSWORD).exitCode()).as("no password option").isEqualTo(2);
        assertThat(usersCsv).doesNotExist();
    }

    @Test
    void listWithoutAFileSaysSo() {
        Run list = run("", "list", "--config", config.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).isEqualTo("No users in " + usersCsv + " (the file does not exist).\n");
    }
}
