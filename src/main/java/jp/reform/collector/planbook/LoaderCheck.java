package jp.reform.collector.planbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;

/**
 * Runs the real {@link MasterDataLoader} on a plan, as every start will: a staging configuration holds a copy
 * of departments.csv and the one plan folder, so the loader's own rules apply (today's and any added later)
 * without touching the live configuration. The loader stops at its first problem; that one is mapped back
 * to its cell (workbook) or line (folder).
 */
public final class LoaderCheck {

    private static final Pattern LINE = Pattern.compile(":(\\d+): (.*)", Pattern.DOTALL);

    private LoaderCheck() {
    }

    /** The staging layout: &lt;root&gt;/departments.csv and &lt;root&gt;/plans/&lt;code&gt;/. */
    public static Path planFolder(Path stagingRoot, String planCode) {
        return stagingRoot.resolve("plans").resolve(planCode);
    }

    /**
     * Writes the staging configuration: departments.csv copied from the configuration, the plan's files given.
     *
     * @return the staged plan folder
     */
    public static Path stage(Path stagingRoot, Path configDir, String planCode, Map<String, byte[]> files) {
        try {
            Path folder = Files.createDirectories(planFolder(stagingRoot, planCode));
            Path departments = configDir.resolve("departments.csv");
            if (Files.isRegularFile(departments)) {
                Files.copy(departments, stagingRoot.resolve("departments.csv"), StandardCopyOption.REPLACE_EXISTING);
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(folder.resolve(file.getKey()), file.getValue());
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the staging folder " + stagingRoot, e);
        }
    }

    /**
     * Loads the staged configuration.
     *
     * @param tables   the plan as tables, to name the cell of the loader's problem
     * @param rendered true when the staged files were written from the tables (import: line n of a file is
     *                 the table's row n - 2); false when they are copies of a plan folder (check: lines are
     *                 the files' own)
     */
    public static Optional<Problem> load(Path stagingRoot, String planCode, PlanTables tables, boolean rendered) {
        return loadPlan(stagingRoot, planCode, tables, rendered).problem();
    }

    /** The plan as the loader read it, or the problem that kept it from loading. */
    public record Loaded(PlanMaster plan, Optional<Problem> problem) {
    }

    /** {@link #load}, keeping the plan the loader read (an import compares it with the plan it replaces). */
    public static Loaded loadPlan(Path stagingRoot, String planCode, PlanTables tables, boolean rendered) {
        try {
            PlanMaster plan = new MasterDataLoader().load(stagingRoot).plan(planCode).orElse(null);
            return new Loaded(plan, Optional.empty());
        } catch (MasterDataException e) {
            return new Loaded(null, Optional.of(problem(stagingRoot, planCode, tables, rendered, e.getMessage())));
        } catch (RuntimeException e) {
            return new Loaded(null, Optional.of(new Problem(Place.line(planCode, 0, null),
                    Messages.text("planbook.loader", String.valueOf(e)),
                    Messages.text("planbook.loader.hint"))));
        }
    }

    private static Problem problem(Path stagingRoot, String planCode, PlanTables tables, boolean rendered, String message) {
        Place place = null;
        String problem = message;
        Path folder = planFolder(stagingRoot, planCode);
        for (PlanFile file : PlanFile.values()) {
            String prefix = folder.resolve(file.fileName()).toString();
            if (message.startsWith(prefix)) {
                String rest = message.substring(prefix.length());
                Matcher m = LINE.matcher(rest);
                int line = m.matches() ? Integer.parseInt(m.group(1)) : 0;
                problem = m.matches() ? m.group(2) : rest.replaceFirst("^: ", "");
                place = placeOf(tables, file, line, problem, rendered);
                break;
            }
        }
        String departments = stagingRoot.resolve("departments.csv").toString();
        if (place == null && message.startsWith(departments)) {
            String rest = message.substring(departments.length());
            Matcher m = LINE.matcher(rest);
            problem = m.matches() ? m.group(2) : rest.replaceFirst("^: ", "");
            place = Place.line("config/departments.csv", m.matches() ? Integer.parseInt(m.group(1)) : 0, null);
        }
        if (place == null) {
            problem = message.replace(stagingRoot.toString(), "config");
            place = Place.line("config/plans/" + planCode, 0, null);
        }
        return new Problem(place, Messages.text("planbook.loader", problem),
                Messages.text("planbook.loader.hint"));
    }

    private static Place placeOf(PlanTables tables, PlanFile file, int line, String problem, boolean rendered) {
        PlanTable table = tables.table(file).orElse(null);
        if (table == null) {
            return Place.line(file.fileName(), line, null);
        }
        String column = columnIn(problem, table);
        if (line == 1) {
            return table.headerPlace(column);
        }
        for (int i = 0; i < table.rows().size(); i++) {
            if (rendered ? i == line - 2 : table.rows().get(i).source() == line) {
                return table.place(i, column);
            }
        }
        return line == 0 ? table.place() : Place.line(file.fileName(), line, column);
    }

    /** The column the loader's message names first ("fiscal_year 2027 is outside the plan"), or null. */
    static String columnIn(String problem, PlanTable table) {
        String found = null;
        int at = Integer.MAX_VALUE;
        for (String column : table.columns()) {
            Matcher m = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(column) + "(?![A-Za-z0-9_])").matcher(problem);
            if (m.find() && m.start() < at) {
                at = m.start();
                found = column;
            }
        }
        return found;
    }

    /** Removes a staging folder and everything in it. */
    public static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging folder " + root, e);
        }
    }
}
