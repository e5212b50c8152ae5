package jp.reform.collector.planbook;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A whole plan as tables of texts: what a plan folder and a plan workbook both hold. */
public final class PlanTables {

    /** Tables read from a workbook or folder, with the problems found while reading (cells, CSV syntax). */
    public record Read(PlanTables tables, List<Problem> problems) {
    }

    private final Map<PlanFile, PlanTable> tables = new EnumMap<>(PlanFile.class);

    PlanTables(List<PlanTable> tables) {
        tables.forEach(t -> this.tables.put(t.file(), t));
    }

    public Optional<PlanTable> table(PlanFile file) {
        return Optional.ofNullable(tables.get(file));
    }

    /** The plan code written in the plan table's first row, or "" when there is none. */
    public String planCode() {
        return table(PlanFile.PLAN).filter(t -> !t.rows().isEmpty()).map(t -> t.get(0, "plan_code")).orElse("");
    }

    /**
     * The CSV files of the plan folder, by file name, in the layout of the bundled plans. An actions table
     * without rows gives no actions.csv (the file is optional and a plan without actions has none).
     */
    public Map<String, byte[]> csvFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (PlanTable table : tables.values()) {
            if (table.file() == PlanFile.ACTIONS && table.rows().isEmpty()) {
                continue;
            }
            files.put(table.file().fileName(), PlanCsv.write(table.csvColumns(), table.csvRows()));
        }
        return files;
    }
}
