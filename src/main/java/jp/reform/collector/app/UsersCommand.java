package jp.reform.collector.app;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.PasswordPolicy;
import jp.reform.collector.console.auth.Role;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code users add|password|remove|list}: the console's users in config/users.csv. Passwords are never taken
 * from the command line (it ends up in the shell history and the process list): they are typed twice
 * without echo, or piped in as one line with {@code --password-stdin}.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Console users in config/users.csv: add one, set a password, remove one, list them.",
        subcommands = {UsersCommand.Add.class, UsersCommand.SetPassword.class, UsersCommand.Remove.class,
                UsersCommand.ListUsers.class})
public final class UsersCommand {

    /** The configuration folder with departments.csv and users.csv, and help (every subcommand takes both). */
    static final class ConfigOption {
        @Option(names = "--home", description = "Application home (default: the folder holding the jar's config/, else the working directory)")
        Path home;
        @Option(names = "--config", description = "Configuration folder (default: <home>/config)")
        Path config;

        Path dir() {
            return config != null ? config.toAbsolutePath().normalize() : AppHome.resolve(home).resolve("config");
        }
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        MasterData master() {
            return new MasterDataLoader().load(dir());
        }

        UserDirectory users(MasterData master) {
            return UserDirectory.loadForEditing(dir().resolve("users.csv"), master);
        }
    }

    /** Where the new password comes from: the console (asked twice, no echo) or one line of standard input. */
    static final class PasswordInput {
        @Option(names = "--password-stdin",
                description = "Read the password as one line from standard input (for scripts) instead of the console")
        boolean fromStdin;

        char[] read(String login) {
            char[] password = fromStdin ? firstLineOfStdin() : fromConsole(login);
            PasswordPolicy.problem(CharBuffer.wrap(password)).ifPresent(problem -> {
                Arrays.fill(password, '\0');
                throw new IllegalArgumentException(problem + " Nothing was changed.");
            });
            return password;
        }

        private static char[] fromConsole(String login) {
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("No console to read the password from: pipe it in as one line "
                        + "and add --password-stdin.");
            }
            char[] first = console.readPassword("New password for %s (at least %d characters): ", login,
                    PasswordPolicy.MIN_LENGTH);
            if (first == null) {
                throw new IllegalArgumentException("No password given. Nothing was changed.");
            }
            PasswordPolicy.problem(CharBuffer.wrap(first)).ifPresent(problem -> {
                throw new IllegalArgumentException(problem + " Nothing was changed.");
            });
            char[] second = console.readPassword("Repeat the password: ");
            boolean same = Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("The two passwords differ. Nothing was changed.");
            }
            return first;
        }

        /** Bytes up to the first line end, read one by one so that nothing after it is consumed. */
        private static char[] firstLineOfStdin() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            InputStream in = System.in;
            try {
                for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                    line.write(b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read standard input", e);
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(chars.array(), '\0');
            return password;
        }
    }

    @Command(name = "add", description = "Add a console user and set their password.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Mixin
        PasswordInput passwordInput;
        @Option(names = "--login", required = true, description = "Sign-in name: letters, digits and . _ @ -")
        String login;
        @Option(names = "--name", required = true, description = "Name shown in the console, e.g. \"行政経営課 山田\"")
        String name;
        @Option(names = "--role", required = true, description = "admin, viewer or department")
        String role;
        @Option(names = "--department", description = "For role department: its department (current or former name)")
        String department;

        @Override
        public Integer call() {
            Role parsedRole = Role.parse(role).orElseThrow(() -> new IllegalArgumentException(
                    "--role must be one of " + Role.words() + ", found " + role));
            MasterData master = config.master();
            String currentDepartment = currentDepartment(parsedRole, master);
            User user;
            try {
                user = new User(login, name.strip(), parsedRole, currentDepartment, "");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Cannot add " + login + ": " + e.getMessage() + ".");
            }
            UserDirectory users = config.users(master);
            users.find(login).ifPresent(existing -> {
                throw new IllegalArgumentException("User " + existing.login() + " already exists; set a new password "
                        + "with: users password --login " + existing.login());
            });
            String hash = hash(passwordInput.read(login));
            UserDirectory saved = users.withUser(user.withPasswordHash(hash)).save();
            PrintWriter out = spec.commandLine().getOut();
            String renamed = currentDepartment != null && !currentDepartment.equals(department.strip())
                    ? " (given as its former name " + department.strip() + ")" : "";
            out.println("Added " + describe(user) + renamed + " to " + saved.file()
                    + (users.existed() ? "." : " (new file, readable by its owner only)."));
            out.flush();
            return 0;
        }

        private String currentDepartment(Role parsedRole, MasterData master) {
            if (parsedRole != Role.DEPARTMENT) {
                if (department != null) {
                    throw new IllegalArgumentException("--department is only for role department; "
                            + parsedRole.word() + " sees every department.");
                }
                return null;
            }
            if (department == null || department.isBlank()) {
                throw new IllegalArgumentException("Role department needs --department.");
            }
            return master.department(department).map(Department::name).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown department " + department + ": it is not in " + config.dir().resolve("departments.csv")
                            + " (neither a current nor a former name)."));
        }
    }

    @Command(name = "password", description = "Set a new password for a console user.")
    static final class SetPassword implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Mixin
        PasswordInput passwordInput;
        @Option(names = "--login", required = true, description = "The user's sign-in name")
        String login;

        @Override
        public Integer call() {
            UserDirectory users = config.users(config.master());
            User user = existing(users, login, "add it with: users add --login " + login + " ...");
            String hash = hash(passwordInput.read(user.login()));
            UserDirectory saved = users.withUser(user.withPasswordHash(hash)).save();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Set a new password for " + user.login() + " in " + saved.file() + ".");
            out.flush();
            return 0;
        }
    }

    /**
     * Someone who left or moved (every April, in a city hall): their line goes; a running {@code serve} notices the
     * file's change, signs their sessions out and records the removal in the audit log.
     */
    @Command(name = "remove", description = "Remove a console user; a running serve signs them out.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Option(names = "--login", required = true, description = "The user's sign-in name")
        String login;

        @Override
        public Integer call() {
            UserDirectory users = config.users(config.master());
            User user = existing(users, login, "nothing was changed (users list shows who there is).");
            UserDirectory saved = users.withoutUser(user.login()).save();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Removed " + describe(user) + " from " + saved.file() + ".");
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the console users (never their password hashes).")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            UserDirectory users = config.users(config.master());
            PrintWriter out = spec.commandLine().getOut();
            if (users.all().isEmpty()) {
                out.println("No users in " + users.file() + (users.existed() ? "." : " (the file does not exist)."));
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("login", "name", "role", "department"));
                for (User user : users.all()) {
                    rows.add(List.of(user.login(), user.displayName(), user.role().word(),
                            user.department() == null ? "" : user.department()));
                }
                out.print(table(rows));
            }
            out.flush();
            return 0;
        }
    }

    private static String hash(char[] password) {
        try {
            return new PasswordHasher().hash(CharBuffer.wrap(password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The user of this login, or the operator is told there is none and what to do. */
    private static User existing(UserDirectory users, String login, String whatToDo) {
        return users.find(login).orElseThrow(() -> new IllegalArgumentException("Unknown user " + login + " in "
                + users.file() + "; " + whatToDo));
    }

    private static String describe(User user) {
        return "user " + user.login() + " (" + user.displayName() + "), role " + user.role().word()
                + (user.department() == null ? "" : ", department " + user.department());
    }

    /** Columns padded by display width: a Japanese character takes two columns in a terminal. */
    private static String table(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i)).append(" ".repeat(widths[i] - width(row.get(i)) + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static int width(String text) {
        return text.codePoints().map(cp -> cp < 0x1100 || cp >= 0xFF61 && cp <= 0xFF9F ? 1 : 2).sum();
    }
}
