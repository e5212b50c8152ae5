package jp.reform.collector.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * config/departments.csv for the console: a 課's mail addresses (emails, allowed_senders) replaced in its own line
 * (連絡先), a 課 added as a line of its own, or renamed in its line with the name it had kept as a former name
 * (課の設定); every other column and line kept as IT staff wrote them ({@link ConfigCsvFile}). A renamed 課 keeps every
 * name it had, so that the plans, users.csv, the inbox folders and the history that name it by an earlier name go on
 * finding it. A 課 is never removed here: its history names it. The file as it would be must load as a start reads
 * it.
 */
public final class DepartmentsFile {

    /** A 課's addresses as its line has them. */
    public record Addresses(List<String> emails, List<String> allowedSenders) {

        public Addresses {
            emails = List.copyOf(emails);
            allowedSenders = List.copyOf(allowedSenders);
        }

        /** For the audit log. */
        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("emails", emails);
            map.put("allowed_senders", allowedSenders);
            return map;
        }
    }

    /** The columns of a file that has none yet, as the loader reads them. */
    private static final List<String> COLUMNS = List.of("department_name", "former_names", "emails",
            "allowed_senders", "notes");

    private final ConfigCsvFile file;

    private DepartmentsFile(ConfigCsvFile file) {
        this.file = file;
    }

    public static DepartmentsFile read(Path configDir) {
        return new DepartmentsFile(ConfigCsvFile.read(configDir.resolve(MasterDataLoader.DEPARTMENTS_FILE)));
    }

    /**
     * The 課 as the file has them now, read as serve will read it: a change saved a moment ago is here before serve
     * has taken it up (its master data may be up to config.check-seconds older).
     */
    public static List<Department> departments(Path configDir) {
        return new MasterDataLoader().loadDepartments(configDir.resolve(MasterDataLoader.DEPARTMENTS_FILE));
    }

    /** What the file was when read: a page carries it, and a write from an older page is refused. */
    public String fingerprint() {
        return file.fingerprint();
    }

    /** The addresses on the 課's line (by its current name), if the file has it. */
    public Optional<Addresses> addresses(String department) {
        return file.row(named(department)).map(row -> new Addresses(split(row.getOrDefault("emails", "")),
                split(row.getOrDefault("allowed_senders", ""))));
    }

    /**
     * Puts the addresses in the 課's line if the file is still what {@code shownFingerprint} says, the line is
     * still there and the whole file as it would be loads.
     *
     * @throws ConfigCsvFile.Changed the file changed since the page read it; nothing written
     * @throws ConfigCsvFile.Refused the line is gone or the file would not load; nothing written
     */
    public static void write(Path configDir, String shownFingerprint, String department, Addresses addresses)
            throws ConfigCsvFile.Changed, ConfigCsvFile.Refused, IOException {
        ConfigCsvFile.write(configDir.resolve(MasterDataLoader.DEPARTMENTS_FILE), shownFingerprint, named(department),
                Map.of("emails", String.join("|", addresses.emails()),
                        "allowed_senders", String.join("|", addresses.allowedSenders())),
                null, candidate -> new MasterDataLoader().loadDepartments(candidate));
    }

    /**
     * Adds a line for a new 課 after the last, if the file is still what {@code shownFingerprint} says and the whole
     * file as it would be loads (a name another line already has, as a current or former name, does not).
     *
     * @throws ConfigCsvFile.Changed the file changed since the page read it; nothing written
     * @throws ConfigCsvFile.Refused the file would not load; nothing written
     */
    public static void add(Path configDir, String shownFingerprint, String department, Addresses addresses,
                           String notes) throws ConfigCsvFile.Changed, ConfigCsvFile.Refused, IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("department_name", department);
        values.put("former_names", "");
        values.put("emails", String.join("|", addresses.emails()));
        values.put("allowed_senders", String.join("|", addresses.allowedSenders()));
        values.put("notes", notes == null ? "" : notes);
        ConfigCsvFile.write(configDir.resolve(MasterDataLoader.DEPARTMENTS_FILE), shownFingerprint, row -> false,
                values, COLUMNS, candidate -> new MasterDataLoader().loadDepartments(candidate));
    }

    /**
     * Renames the 課 of the line named {@code department} to {@code newName}; the name it had goes first among its
     * former names (a name it had before and gets back leaves them), so that everything naming it by that name
     * goes on finding it. Refused as {@link #write} is.
     */
    public static void rename(Path configDir, String shownFingerprint, String department, String newName)
            throws ConfigCsvFile.Changed, ConfigCsvFile.Refused, IOException {
        Path path = configDir.resolve(MasterDataLoader.DEPARTMENTS_FILE);
        // the former names as the page's file has them: a file changed since is refused by the write below
        ConfigCsvFile now = ConfigCsvFile.read(path);
        List<String> former = new java.util.ArrayList<>();
        former.add(department);
        now.row(named(department)).ifPresent(row -> split(row.getOrDefault("former_names", "")).forEach(former::add));
        former.removeIf(name -> Department.nameKey(name).equals(Department.nameKey(newName)));
        ConfigCsvFile.write(path, shownFingerprint, named(department),
                Map.of("department_name", newName, "former_names", String.join("|", former)), null,
                candidate -> new MasterDataLoader().loadDepartments(candidate));
    }

    private static Predicate<Map<String, String>> named(String department) {
        return row -> department.equals(row.get("department_name"));
    }

    private static List<String> split(String addresses) {
        return addresses.isBlank() ? List.of()
                : List.of(addresses.split("\\|")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
