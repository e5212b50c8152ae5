package jp.reform.collector.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import jp.reform.collector.planbook.EndedYearTargets;
import jp.reform.collector.planbook.PlanBook;
import jp.reform.collector.planbook.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plan export|import|check}: the plan master data (config/plans/&lt;code&gt;/) as one Excel workbook
 * the administrative division edits. The command talks English to the operator; the problems it lists are
 * about the division's data and are in Japanese, with sheet, row, column and a hint, as receipts are.
 *
 * <p>Exit codes: 0 done, 1 the plan has problems (nothing was written), 2 the command could not run
 * (unknown plan, file not found, plan exists without --replace).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Plan master data as one Excel workbook: export it, import it after checking, check plan folders.",
        subcommands = {PlanCommand.Export.class, PlanCommand.Import.class, PlanCommand.Check.class})
public final class PlanCommand {

    /** The configuration folder holding plans/ and departments.csv, and help (every subcommand takes both). */
    static final class ConfigOption {
        @Option(names = "--home", description = "Application home (default: the folder holding the jar's config/, else the working directory)")
        Path home;
        @Option(names = "--config", description = "Configuration folder (default: <home>/config)")
        Path config;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        Path dir() {
            return config != null ? config.toAbsolutePath().normalize() : AppHome.resolve(home).resolve("config");
        }

        /** Backups are stamped in the city's time (collector.zone), as the logs are, not the machine's. */
        PlanBook planBook() {
            Path dir = dir();
            return new PlanBook(dir, Clock.system(AppSettings.load(dir, System.getenv()).zone()));
        }
    }

    @Command(name = "export", description = "Write a plan as one workbook: sheets 計画, 体系, 指標, 目標, 取組 and 記入方法.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Option(names = "--plan", required = true, description = "Plan code, e.g. atsugi-7-2")
        String plan;
        @Option(names = "--out", required = true, description = "Workbook to write (.xlsx), or a folder to write <plan>.xlsx into")
        Path out;
        @Option(names = "--overwrite", description = "Replace the workbook if it exists")
        boolean overwrite;

        @Override
        public Integer call() {
            PlanBook.Export export = config.planBook().export(plan, out.toAbsolutePath().normalize(), overwrite);
            PrintWriter w = spec.commandLine().getOut();
            if (!export.problems().isEmpty()) {
                w.println("Cannot export plan " + plan + ": its files are not readable as CSV ("
                        + export.problems().size() + " problem(s)); nothing was written.");
                printProblems(w, export.problems());
                w.flush();
                return 1;
            }
            w.println("Wrote " + export.file());
            w.flush();
            return 0;
        }
    }

    @Command(name = "import", description = {"Check a plan workbook and write its CSV files into config/plans/<plan_code>/.",
            "Every problem is listed with sheet, row and column; with any problem nothing is written."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "FILE.xlsx", description = "The plan workbook")
        Path workbook;
        @Option(names = "--replace", description = "Replace the plan if it exists; its folder is kept in config/"
                + PlanBook.BACKUP_FOLDER + "/<plan>-<time>/")
        boolean replace;

        @Override
        public Integer call() {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(workbook);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("No such file: " + workbook.toAbsolutePath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + workbook.toAbsolutePath(), e);
            }
            PlanBook book = config.planBook();
            PlanBook.Import result = book.importWorkbook(bytes, replace);
            PrintWriter w = spec.commandLine().getOut();
            if (result.exists()) {
                throw new IllegalArgumentException("Plan " + result.planCode() + " already exists in "
                        + book.plansDir().resolve(result.planCode()) + "; add --replace to replace it (the current "
                        + "folder is then kept in " + config.dir().resolve(PlanBook.BACKUP_FOLDER) + "). Nothing was written.");
            }
            if (!result.imported()) {
                w.println("Refused " + workbook.getFileName() + ": " + result.problems().size()
                        + " problem(s); nothing was written.");
                printProblems(w, result.problems());
                w.flush();
                return 1;
            }
            if (result.unchanged()) {
                w.println("Plan " + result.planCode() + " in " + result.folder() + " already says what the workbook says;"
                        + " nothing was written.");
                w.flush();
                return 0;
            }
            w.println("Imported plan " + result.planCode() + " into " + result.folder() + ".");
            if (result.backup() != null) {
                w.println("The previous folder is kept in " + result.backup() + ".");
            }
            w.println("A running serve takes it up by itself within config.check-seconds (30 s by default; its "
                    + "health check 'config' is DOWN until then); run-once reads it at its next run.");
            endedYearTargets(w, result);
            wholeConfiguration(w, book);
            w.flush();
            return 0;
        }
    }

    @Command(name = "check", description = {"Check plan folders with the workbook's checks and the start's master-data checks.",
            "Lists every problem with file, line and column."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Option(names = "--plan", description = "Only this plan (default: every plan in config/plans/)")
        String plan;

        @Override
        public Integer call() {
            List<PlanBook.Check> checks = config.planBook().check(plan);
            PrintWriter w = spec.commandLine().getOut();
            boolean problems = false;
            for (PlanBook.Check check : checks) {
                if (check.problems().isEmpty()) {
                    w.println("Plan " + check.planCode() + ": no problems.");
                } else {
                    problems = true;
                    w.println("Plan " + check.planCode() + ": " + check.problems().size() + " problem(s):");
                    printProblems(w, check.problems());
                }
            }
            w.flush();
            return problems ? 1 : 0;
        }
    }

    /**
     * Targets of fiscal years that have ended: their grades were (or are being) reported to the committee, and
     * serve (taking the plan up) or the next run grades them again with the new target. Said here so that the change is a decision, not a surprise.
     */
    private static void endedYearTargets(PrintWriter w, PlanBook.Import result) {
        if (result.replacedUnreadable()) {
            w.println("Note: the replaced plan folder did not load, so its targets of ended years could not be compared.");
        }
        List<EndedYearTargets.Change> changes = result.endedYearTargets();
        if (changes.isEmpty()) {
            return;
        }
        w.println("Targets of ended years changed (" + changes.size() + "; grades of those years will change when "
                + "serve takes the plan up, and a closed round's change is recorded in the audit log and the exception report):");
        changes.forEach(c -> w.println("- " + c.describe()));
    }

    private static void printProblems(PrintWriter w, List<Problem> problems) {
        problems.forEach(p -> w.println("- " + p.describe()));
    }

    /** After an import: whether the configuration as a whole still loads (another plan may be broken). */
    private static void wholeConfiguration(PrintWriter w, PlanBook book) {
        book.configurationProblem().ifPresent(problem -> w.println("Note: the configuration as a whole does not load, "
                + "so the collector will not start: " + problem + " (see: plan check)"));
    }
}
