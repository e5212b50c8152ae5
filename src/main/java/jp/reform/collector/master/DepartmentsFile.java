package jp.reform.collector.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * config/departments.csv for the console's 連絡先 form: a 課's mail addresses (emails, allowed_senders) read and
 * replaced in its own line, every other column and line kept as IT staff wrote them ({@link ConfigCsvFile}). A
 * 課 is only changed here, never added or renamed: those change the plans' names too and stay IT staff's. The
 * file as it would be must load as a start reads it.
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

    private static Predicate<Map<String, String>> named(String department) {
        return row -> department.equals(row.get("department_name"));
    }

    private static List<String> split(String addresses) {
        return addresses.isBlank() ? List.of()
                : List.of(addresses.split("\\|")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
