package jp.reform.collector.console.auth;

import jp.reform.collector.domain.LogText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's users from config/users.csv ({@code login,display_name,role,department,password_hash},
 * UTF-8, lines starting with # are comments). Any problem stops with a {@link MasterDataException}
 * naming file and line. Immutable: {@link #withUser} gives a changed copy, {@link #save} writes it,
 * keeping comments and the other rows as they were.
 */
public final class UserDirectory {

    public static final List<String> COLUMNS = List.of("login", "display_name", "role", "department", "password_hash");
    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);
    private static final List<String> NEW_FILE_LINES = List.of(
            "# Users of the web console. Written by the users command (users add, users password);",
            "# roles: admin, viewer, department (with its department). Lines starting with # are comments.",
            String.join(",", COLUMNS));

    /** One physical line: a user row (with its fields, to keep extra columns), or text kept verbatim. */
    private record Line(String text, User user, Map<String, String> fields) {
    }

    private final Path file;
    private final List<Line> lines;
    private final List<String> header;
    private final boolean bom;
    private final String newline;
    /** The file as read (null if it did not exist): saving refuses to overwrite someone else's change. */
    private final byte[] readBytes;

    private UserDirectory(Path file, List<Line> lines, List<String> header, boolean bom, String newline, byte[] readBytes) {
        this.file = file;
        this.lines = List.copyOf(lines);
        this.header = List.copyOf(header);
        this.bom = bom;
        this.newline = newline;
        this.readBytes = readBytes;
    }

    /**
     * Reads the users. Departments are resolved through the master data, so a former name (情報政策課)
     * becomes the current one (DX推進課). A missing file means no users: every sign-in is refused.
     */
    public static UserDirectory load(Path file, MasterData master) {
        if (!Files.exists(file)) {
            LOG.warn("No user list at {}: the console refuses every sign-in until users are added "
                    + "(users add --login ... --role admin)", file);
        }
        return loadForEditing(file, master);
    }

    /** Like {@link #load}, without the warning: for the users command, which creates the file. */
    public static UserDirectory loadForEditing(Path file, MasterData master) {
        if (!Files.exists(file)) {
            List<Line> lines = NEW_FILE_LINES.stream().map(UserDirectory::verbatim).toList();
            return new UserDirectory(file, lines, COLUMNS, true, System.lineSeparator(), null);
        }
        UsersCsv.Text text = UsersCsv.read(file);
        List<Line> lines = new ArrayList<>();
        List<String> header = null;
        Map<String, Integer> lineOfLogin = new HashMap<>();
        for (int i = 0; i < text.lines().size(); i++) {
            String raw = text.lines().get(i);
            int number = i + 1;
            if (UsersCsv.isCommentOrBlank(raw)) {
                lines.add(verbatim(raw));
            } else if (header == null) {
                header = checkHeader(file, number, UsersCsv.fields(file, number, raw));
                lines.add(verbatim(raw));
            } else {
                Line line = userLine(file, number, raw, header, master);
                Integer earlier = lineOfLogin.putIfAbsent(User.loginKey(line.user().login()), number);
                if (earlier != null) {
                    throw new MasterDataException(file, number, "login " + line.user().login()
                            + " is already used on line " + earlier + " (logins are compared without case)");
                }
                lines.add(line);
            }
        }
        if (header == null) {
            throw new MasterDataException(file, "no header line; the first line that is not a comment must be "
                    + String.join(",", COLUMNS));
        }
        return new UserDirectory(file, lines, header, text.bom(), text.newline(), text.bytes());
    }

    private static Line verbatim(String text) {
        return new Line(text, null, null);
    }

    private static Line userLine(Path file, int number, String raw, List<String> header, MasterData master) {
        List<String> fields = UsersCsv.fields(file, number, raw);
        if (fields.size() != header.size()) {
            throw new MasterDataException(file, number, "expected " + header.size() + " fields but found "
                    + fields.size() + (raw.contains("$argon2") && fields.size() > header.size()
                    ? ": a password_hash has commas and must be in double quotes" : ""));
        }
        Map<String, String> byColumn = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            byColumn.put(header.get(c), fields.get(c));
        }
        return new Line(raw, toUser(byColumn, master, problem -> new MasterDataException(file, number, problem)),
                byColumn);
    }

    private static List<String> checkHeader(Path file, int number, List<String> header) {
        for (String column : COLUMNS) {
            if (!header.contains(column)) {
                throw new MasterDataException(file, number, "missing column " + column + " (header is " + header + ")");
            }
        }
        return header;
    }

    private static User toUser(Map<String, String> row, MasterData master,
                               Function<String, MasterDataException> fail) {
        String login = row.get("login");
        if (login.isEmpty()) {
            throw fail.apply("column login is empty");
        }
        if (!User.isValidLogin(login)) {
            throw fail.apply("login " + LogText.escape(login)
                    + " may only have 1 to 64 of the characters A-Z a-z 0-9 . _ @ -");
        }
        if (row.get("display_name").isEmpty()) {
            throw fail.apply("column display_name is empty");
        }
        Role role = Role.parse(row.get("role")).orElseThrow(() -> fail.apply("role must be one of "
                + Role.words() + ", found " + LogText.escape(row.get("role"))));
        String department = row.get("department");
        String currentDepartment = null;
        if (role == Role.DEPARTMENT) {
            if (department.isEmpty()) {
                throw fail.apply("a department user needs a department");
            }
            currentDepartment = master.department(department).map(Department::name).orElseThrow(() -> fail.apply(
                    "department " + department + " is not in departments.csv (neither a current nor a former name)"));
        } else if (!department.isEmpty()) {
            throw fail.apply("only a department user has a department; " + role.word() + " sees every department");
        }
        String hash = row.get("password_hash");
        if (hash.isEmpty()) {
            throw fail.apply("column password_hash is empty: set a password with users password --login " + login);
        }
        if (!PasswordHasher.isArgon2idHash(hash)) {
            throw fail.apply("password_hash is not an Argon2id hash ($argon2id$v=19$m=…): set a password with "
                    + "users password --login " + login);
        }
        try {
            return new User(login, row.get("display_name"), role, currentDepartment, hash);
        } catch (IllegalArgumentException e) {
            throw fail.apply(e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    /** Whether the list was read from a file (false: it will be created by {@link #save}). */
    public boolean existed() {
        return readBytes != null;
    }

    /** The user with this login, compared without case. */
    public Optional<User> find(String login) {
        if (login == null) {
            return Optional.empty();
        }
        String key = User.loginKey(login);
        return all().stream().filter(u -> User.loginKey(u.login()).equals(key)).findFirst();
    }

    /** Every user, in the order of the file. */
    public List<User> all() {
        return lines.stream().filter(l -> l.user() != null).map(Line::user).toList();
    }

    /** A copy with the user added at the end, or replacing the user with the same login in its place. */
    public UserDirectory withUser(User user) {
        List<Line> changed = new ArrayList<>(lines);
        String key = User.loginKey(user.login());
        for (int i = 0; i < changed.size(); i++) {
            Line line = changed.get(i);
            if (line.user() != null && User.loginKey(line.user().login()).equals(key)) {
                changed.set(i, new Line(null, user, line.fields()));
                return new UserDirectory(file, changed, header, bom, newline, readBytes);
            }
        }
        changed.add(new Line(null, user, Map.of()));
        return new UserDirectory(file, changed, header, bom, newline, readBytes);
    }

    /** A copy without the user of this login (compared without case); the same list when there is none. */
    public UserDirectory withoutUser(String login) {
        String key = User.loginKey(login);
        List<Line> kept = lines.stream()
                .filter(l -> l.user() == null || !User.loginKey(l.user().login()).equals(key)).toList();
        return new UserDirectory(file, kept, header, bom, newline, readBytes);
    }

    /**
     * Writes the list atomically, readable by its owner only where the file system has POSIX permissions,
     * and returns the list as now saved. Refuses when the file was changed since it was read, so that two
     * operators do not undo each other's change.
     */
    public UserDirectory save() {
        try {
            byte[] now = Files.exists(file) ? Files.readAllBytes(file) : null;
            if (!Arrays.equals(now, readBytes)) {
                throw new IllegalStateException(file + " was changed since it was read; run the command again");
            }
            List<Line> saved = lines.stream().map(l -> new Line(text(l), l.user(), l.fields())).toList();
            UsersCsv.writeAtomically(file, saved.stream().map(Line::text).toList(), bom, newline);
            return new UserDirectory(file, saved, header, bom, newline, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private String text(Line line) {
        if (line.text() != null) {
            return line.text();
        }
        User user = line.user();
        Map<String, String> values = new HashMap<>(line.fields());
        values.put("login", user.login());
        values.put("display_name", user.displayName());
        values.put("role", user.role().word());
        values.put("department", user.department() == null ? "" : user.department());
        values.put("password_hash", user.passwordHash());
        return UsersCsv.line(header.stream().map(c -> values.getOrDefault(c, "")).toList());
    }
}
