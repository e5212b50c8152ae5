package jp.reform.collector.master;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Department names as a plan writes them, resolved to the current department (DOMAIN.md: a plan written
 * before a reorganisation names former departments). A former name resolves through former_names; a
 * generic entry (関係各課, 各課 …) names nobody and is dropped; each is reported once per plan and name.
 * A name that is neither stops the start.
 */
final class DepartmentNames {

    /**
     * "The departments concerned" rather than a department: 関係各課, 各課, 関係課, 関係部署, 庁内各課, 全課, 各部局.
     * Checked only after departments.csv, so a city that lists such a name as a department keeps it.
     */
    private static final Pattern GENERIC = Pattern.compile(
            "(?:(?:関係|庁内|全庁|担当|全)各?|各)(?:課|部|部署|部局|課室|部課|所属|担当課)等?|全庁");

    private final Map<String, String> currentByKey = new LinkedHashMap<>();
    private final Set<String> currentNames = new LinkedHashSet<>();
    /** Per name as written: the current name and where it was read, for one warning per name. */
    private final Map<String, FormerUse> formerUses = new LinkedHashMap<>();
    private final Map<String, List<String>> genericUses = new LinkedHashMap<>();

    private record FormerUse(String current, List<String> places) {
    }

    DepartmentNames(List<Department> departments) {
        for (Department department : departments) {
            currentNames.add(department.name());
            currentByKey.put(Department.nameKey(department.name()), department.name());
            department.formerNames()
                    .forEach(former -> currentByKey.putIfAbsent(Department.nameKey(former), department.name()));
        }
    }

    /** The field is blank, or holds only generic entries (関係各課): no department reports it. */
    static boolean isGeneric(String name) {
        return GENERIC.matcher(Department.nameKey(name)).matches();
    }

    /**
     * The current names of the departments in a |-separated field, each once; generic entries left out.
     *
     * @param what how the message names the field, e.g. "responsible department"
     */
    List<String> resolve(CsvTable.Row row, String column, String what) {
        Set<String> resolved = new LinkedHashSet<>();
        for (String written : row.list(column)) {
            String current = currentByKey.get(Department.nameKey(written));
            String place = row.file().getFileName() + ":" + row.line();
            if (current != null) {
                if (!currentNames.contains(written)) {
                    formerUses.computeIfAbsent(written, w -> new FormerUse(current, new ArrayList<>())).places()
                            .add(place);
                }
                resolved.add(current);
            } else if (isGeneric(written)) {
                genericUses.computeIfAbsent(written, w -> new ArrayList<>()).add(place);
            } else {
                throw row.fail(what + " " + written + " is not in config/departments.csv (neither a current nor a "
                        + "former name; add it there, or its new name with " + written + " in former_names)");
            }
        }
        return List.copyOf(resolved);
    }

    /** One line per name read since the last call, then forgets them (called once per plan). */
    List<String> drainWarnings(String planCode) {
        List<String> warnings = new ArrayList<>();
        formerUses.forEach((written, use) -> warnings.add("Plan " + planCode + ": department " + written
                + (Department.nameKey(written).equals(Department.nameKey(use.current()))
                        ? " read as " : " is a former name, read as ")
                + use.current() + " (" + places(use.places()) + ")"));
        genericUses.forEach((written, places) -> warnings.add("Plan " + planCode + ": " + written
                + " names no department; read as no responsible department, never chased (" + places(places) + ")"));
        formerUses.clear();
        genericUses.clear();
        return warnings;
    }

    /** indicators.csv:10, 11, 14; actions.csv:3 */
    private static String places(List<String> places) {
        Map<String, List<String>> linesByFile = new LinkedHashMap<>();
        for (String place : places) {
            int colon = place.lastIndexOf(':');
            linesByFile.computeIfAbsent(place.substring(0, colon), f -> new ArrayList<>()).add(place.substring(colon + 1));
        }
        List<String> parts = new ArrayList<>();
        linesByFile.forEach((file, lines) -> parts.add(file + ":" + String.join(", ", lines)));
        return String.join("; ", parts);
    }
}
