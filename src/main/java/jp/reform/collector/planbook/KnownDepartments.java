package jp.reform.collector.planbook;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.master.Department;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The department names of config/departments.csv, current and former, for the workbook checks. Read here
 * rather than through the loader because a plan is checked before it can be loaded; the loader still checks
 * departments.csv itself afterwards. An unreadable file gives no names (the loader then says why). Names are
 * compared as the loader compares them ({@link Department#nameKey}): ＤＸ推進課 typed in Excel is DX推進課, which the
 * loader reads it as, not a 課 that is not in the file.
 */
public final class KnownDepartments {

    /** Every current and former name's key, with the 課's current name. */
    private final Map<String, String> currentByName = new LinkedHashMap<>();

    private KnownDepartments() {
    }

    public static KnownDepartments read(Path file) {
        KnownDepartments known = new KnownDepartments();
        String text;
        try {
            text = Files.isRegularFile(file) ? PlanCsv.decode(Files.readAllBytes(file)) : null;
        } catch (IOException e) {
            text = null;
        }
        if (text == null) {
            return known;
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setIgnoreHeaderCase(false).setTrim(false).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                String name = record.isMapped("department_name") ? record.get("department_name").strip() : "";
                if (name.isEmpty()) {
                    continue;
                }
                known.currentByName.put(Department.nameKey(name), name);
                if (record.isMapped("former_names") && record.isSet("former_names")) {
                    Arrays.stream(record.get("former_names").split("\\|")).map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .forEach(former -> known.currentByName.putIfAbsent(Department.nameKey(former), name));
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // the loader reports an unreadable departments.csv with its line
        }
        return known;
    }

    /** The current name of a department known by its current or a former name. */
    public Optional<String> current(String anyName) {
        return Optional.ofNullable(currentByName.get(Department.nameKey(anyName)));
    }

    public boolean isEmpty() {
        return currentByName.isEmpty();
    }
}
