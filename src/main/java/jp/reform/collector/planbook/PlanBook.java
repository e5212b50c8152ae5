package jp.reform.collector.planbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.RoundsLoader;
import jp.reform.collector.master.PlanMaster;

/**
 * The plan workbook as the division uses it: export a plan folder to a workbook, import a workbook into
 * config/plans/&lt;code&gt;/ after checking it, and check plan folders in place.
 *
 * <p>An import never leaves a half-written plan folder: the CSV files are written to a staging folder inside
 * the configuration folder (same file system), loaded there by the real loader, and only then moved into
 * place with one rename; a replaced folder is first renamed into config/plans-backup/&lt;code&gt;-&lt;time&gt;/
 * (not under config/plans/, where the loader would take it for a plan).
 */
public final class PlanBook {

    public static final String BACKUP_FOLDER = "plans-backup";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path configDir;
    private final Clock clock;

    public PlanBook(Path configDir, Clock clock) {
        this.configDir = configDir;
        this.clock = clock;
    }

    public Path plansDir() {
        return configDir.resolve("plans");
    }

    // --- export ---

    /** A written workbook, or the problems that kept the plan folder from being exported. */
    public record Export(Path file, List<Problem> problems) {
    }

    /**
     * Writes the plan's workbook. The folder's files must be readable CSV (their content may break the plan's
     * rules: correcting it in Excel is what the workbook is for).
     *
     * @throws IllegalArgumentException for an unknown plan or an output file that exists (without overwrite)
     */
    public Export export(String planCode, Path out, boolean overwrite) {
        Workbook workbook = workbook(planCode);
        if (!workbook.problems().isEmpty()) {
            return new Export(null, workbook.problems());
        }
        Path file = Files.isDirectory(out) ? out.resolve(planCode + ".xlsx") : out;
        if (Files.exists(file) && !overwrite) {
            throw new IllegalArgumentException(file + " exists; choose another --out or add --overwrite");
        }
        byte[] bytes = workbook.bytes();
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // written next to it and renamed, so that an interrupted export leaves no broken workbook
            // not createTempFile: its owner-only permissions would stay on the workbook
            Path temp = parent.resolve(".plan-export-" + UUID.randomUUID() + ".xlsx");
            try {
                Files.write(temp, bytes);
                move(temp, file, true);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new Export(file, List.of());
    }

    /** A plan's workbook as bytes, or the problems that kept its folder from being read. */
    public record Workbook(byte[] bytes, List<Problem> problems) {
    }

    /**
     * The plan's workbook, for the console's download as for {@link #export}.
     *
     * @throws IllegalArgumentException for an unknown plan
     */
    public Workbook workbook(String planCode) {
        PlanTables.Read read = PlanCsv.readFolder(planFolder(planCode));
        if (!read.problems().isEmpty()) {
            return new Workbook(null, read.problems());
        }
        return new Workbook(new PlanWorkbookWriter().write(read.tables()), List.of());
    }

    /** The plan's folder; an unknown plan names the known ones. */
    public Path planFolder(String planCode) {
        Path folder = plansDir().resolve(planCode).normalize();
        if (!PlanChecks.PLAN_CODE.matcher(planCode).matches() || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Unknown plan " + planCode + ": no folder " + folder + "; known plans: "
                    + planCodes());
        }
        return folder;
    }

    /** The plan folders the loader reads: every folder in config/plans/. */
    public List<String> planCodes() {
        if (!Files.isDirectory(plansDir())) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(plansDir())) {
            return folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + plansDir(), e);
        }
    }

    // --- import ---

    /**
     * What an import did: the problems that refused it (nothing written), or the plan folder written and the
     * backup of the folder it replaced.
     *
     * @param exists true when refused because the plan exists and replacing was not asked for
     * @param endedYearTargets targets of fiscal years already ended that the import changed, added or removed
     *                         (their grades change at the next start); empty for a new plan
     * @param replacedUnreadable true when the replaced folder did not load, so its targets could not be compared
     */
    public record Import(String planCode, List<Problem> problems, boolean exists, Path folder, Path backup,
                         List<EndedYearTargets.Change> endedYearTargets, boolean replacedUnreadable, boolean unchanged) {

        public Import {
            endedYearTargets = endedYearTargets == null ? List.of() : List.copyOf(endedYearTargets);
        }

        Import(String planCode, List<Problem> problems, boolean exists, Path folder, Path backup) {
            this(planCode, problems, exists, folder, backup, List.of(), false, false);
        }

        public boolean imported() {
            return folder != null;
        }
    }

    /**
     * One import at a time in this JVM (console and command alike): the check that the plan does not exist yet and
     * the rename that installs it are one step, so two uploads of one new plan cannot both pass the check and the
     * second replace the first without its box ticked; and only one workbook is held parsed at a time.
     */
    private static final Object IMPORTS = new Object();

    public Import importWorkbook(byte[] workbook, boolean replace) {
        synchronized (IMPORTS) {
            return importOne(workbook, replace);
        }
    }

    private Import importOne(byte[] workbook, boolean replace) {
        PlanTables.Read read = new PlanWorkbookReader().read(workbook);
        List<Problem> problems = new ArrayList<>(read.problems());
        PlanTables tables = read.tables();
        problems.addAll(PlanChecks.check(tables, departments(), null));
        String code = tables.planCode();
        if (!problems.isEmpty()) {
            return new Import(code, problems, false, null, null);
        }
        Path target = plansDir().resolve(code);
        if (Files.exists(target) && !replace) {
            return new Import(code, List.of(), true, null, null);
        }
        if (sameFiles(target, tables.csvFiles())) {
            // the workbook says what the folder says (exported and uploaded again): no backup, no reload, no grades
            return new Import(code, List.of(), false, target, null, List.of(), false, true);
        }
        Path staging = configDir.resolve(".plan-import-" + code + "-" + UUID.randomUUID());
        try {
            Path staged = LoaderCheck.stage(staging, configDir, code, tables.csvFiles());
            LoaderCheck.Loaded loaded = LoaderCheck.loadPlan(staging, code, tables, true);
            if (loaded.problem().isPresent()) {
                return new Import(code, List.of(loaded.problem().get()), false, null, null);
            }
            Optional<Problem> rounds = roundsProblem(code, loaded.plan());
            if (rounds.isPresent()) {
                return new Import(code, List.of(rounds.get()), false, null, null);
            }
            // read before the rename: afterwards the replaced folder is only a backup
            boolean replacing = Files.exists(target);
            PlanMaster replaced = replacing ? replacedPlan(target, code) : null;
            List<EndedYearTargets.Change> changes = replaced == null || loaded.plan() == null ? List.of()
                    : EndedYearTargets.changes(replaced, loaded.plan(), LocalDate.now(clock));
            Path backup = install(staged, target);
            return new Import(code, List.of(), false, target, backup, changes, replacing && replaced == null, false);
        } finally {
            LoaderCheck.delete(staging);
        }
    }

    /** Whether the plan folder holds exactly these files with these bytes (and nothing else). */
    private static boolean sameFiles(Path folder, Map<String, byte[]> files) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (java.util.stream.Stream<Path> listed = Files.list(folder)) {
            List<Path> present = listed.toList();
            if (present.size() != files.size()) {
                return false;
            }
            for (Path file : present) {
                byte[] expected = files.get(file.getFileName().toString());
                if (expected == null || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || Files.size(file) != expected.length || !java.util.Arrays.equals(Files.readAllBytes(file), expected)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false; // compared by importing it: a folder not readable is what an import repairs
        }
    }

    /**
     * The problem config/rounds.csv would have with the imported plan in place of the one it replaces (a round of a
     * year the plan no longer covers): serve would then never take config/ up and would not start again. Nothing
     * when config/ does not load now: the import may be what repairs it.
     */
    private Optional<Problem> roundsProblem(String code, PlanMaster plan) {
        MasterData live;
        try {
            live = new MasterDataLoader().load(configDir);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<PlanMaster> plans = new ArrayList<>(live.plans());
        plans.removeIf(p -> p.plan().code().equals(code));
        plans.add(plan);
        try {
            new RoundsLoader().load(configDir, new MasterData(plans, live.departments()));
            return Optional.empty();
        } catch (MasterDataException e) {
            return Optional.of(new Problem(Place.line("config/rounds.csv", 0, null),
                    Messages.text("planbook.loader", e.getMessage().replace(configDir.toString(), "config")),
                    Messages.text("planbook.loader.hint")));
        }
    }

    /**
     * Why config/ as a whole (every plan, departments.csv, rounds.csv) does not load as a start loads it, in the
     * loader's words; empty when it does. Asked after an import: another file may keep the collector from taking
     * the plan up.
     */
    public Optional<String> configurationProblem() {
        try {
            new RoundsLoader().load(configDir, new MasterDataLoader().load(configDir));
            return Optional.empty();
        } catch (RuntimeException e) { // MasterDataException, or a file that cannot be read at all
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** The plan the import replaces as the loader reads it; null when it does not load (then nothing to compare). */
    private PlanMaster replacedPlan(Path folder, String code) {
        Path staging = folderCopy(folder, code);
        try {
            return new MasterDataLoader().load(staging).plan(code).orElse(null);
        } catch (RuntimeException e) { // MasterDataException included: a broken folder is what an import repairs
            return null;
        } finally {
            LoaderCheck.delete(staging);
        }
    }

    /** Renames the staged folder into place, the folder it replaces into the backups; returns the backup. */
    private Path install(Path staged, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path backup = null;
            if (Files.exists(target)) {
                backup = backupFolder(target.getFileName().toString());
                Files.createDirectories(backup.getParent());
                move(target, backup, false);
            }
            try {
                move(staged, target, false);
            } catch (IOException e) {
                if (backup != null) {
                    move(backup, target, false); // put the old plan back rather than leave none
                }
                throw e;
            }
            return backup;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the new plan folder into " + target, e);
        }
    }

    private Path backupFolder(String code) {
        String stamp = LocalDateTime.now(clock).format(STAMP);
        Path backup = configDir.resolve(BACKUP_FOLDER).resolve(code + "-" + stamp);
        for (int n = 2; Files.exists(backup); n++) {
            backup = configDir.resolve(BACKUP_FOLDER).resolve(code + "-" + stamp + "-" + n);
        }
        return backup;
    }

    /** One rename; a file system that cannot rename atomically still gets a plain rename, never a copy. */
    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    // --- check ---

    /** The problems of one plan folder; none means the loader loads it too. */
    public record Check(String planCode, List<Problem> problems) {
    }

    /** Checks the plan folders (one, or all when planCode is null) with the workbook checks, then the loader. */
    public List<Check> check(String planCode) {
        List<String> codes = planCode != null ? List.of(planFolder(planCode).getFileName().toString()) : planCodes();
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("No plan folder in " + plansDir());
        }
        KnownDepartments departments = departments();
        List<Check> checks = new ArrayList<>();
        for (String code : codes) {
            Path folder = plansDir().resolve(code);
            PlanTables.Read read = PlanCsv.readFolder(folder);
            List<Problem> problems = new ArrayList<>(read.problems());
            problems.addAll(PlanChecks.check(read.tables(), departments, code));
            if (problems.isEmpty()) {
                Path staging = folderCopy(folder, code);
                try {
                    LoaderCheck.load(staging, code, read.tables(), false).ifPresent(problems::add);
                } finally {
                    LoaderCheck.delete(staging);
                }
            }
            checks.add(new Check(code, problems));
        }
        return checks;
    }

    /** Runs the loader on a copy of the plan folder in a temporary staging configuration. */
    private Path folderCopy(Path folder, String code) {
        Path staging;
        try {
            staging = Files.createTempDirectory("plan-check-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(path.getFileName().toString(), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            LoaderCheck.delete(staging);
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        LoaderCheck.stage(staging, configDir, code, files);
        return staging;
    }

    private KnownDepartments departments() {
        return KnownDepartments.read(configDir.resolve("departments.csv"));
    }
}
