package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.Cli.Run;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator uses it: exit codes, messages and the CSV layouts. */
class CommandLineTest {

    @TempDir
    Path dir;


    @Test
    void statusListsEveryIndicatorWithItsTargetAndNotSubmittedGrade() {
        String db = TestDatabase.freshUrl();
        Run run = Cli.run("status", "--plan", "atsugi-7-2", "--fy", "2026", "--format", "csv", "--db-url", db);
        assertThat(run.exitCode()).isEqualTo(0);
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).isEqualTo("indicator_code,department,target,actual,rate,grade,flags,grade_label,final_grade");
        assertThat(lines).hasSize(42);
        assertThat(lines[1]).isEqualTo("I-1-ア-1,職員課,100,,,未提出,missing,未提出,");
        assertThat(run.out()).contains("\nI-3-イ-1,DX推進課,23400000,,,未提出,missing,未提出,\n")
                .contains("\nI-2-イ-2,行政総務課|職員課,100,,,未提出,missing,未提出,\n") // as indicators.csv writes them
                .contains("\nI-1-イ-3,職員課,見直し,,,未提出,missing,未提出,\n")
                // no target for FY2026: no grade, not counted
                .contains("\nI-3-ウ-2,行政経営課,,,,,,,\n");
        Run summary = Cli.run("summary", "--plan", "atsugi-7-2", "--fy", "2026", "--format", "csv", "--db-url", db);
        assertThat(summary.out()).endsWith("total,40,0,0,0,0.0\n");
    }

    @Test
    void brokenMasterDataStopsTheStartNamingFileLineAndProblem() throws IOException {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
        Files.writeString(targets, Files.readString(targets).replace("I-1-ア-1,2025,100%,100", "I-1-ア-1,2025,100%,百"));

        Run run = Cli.run("run-once", "--config", config.toString(), "--inbox", dir.toString(),
                "--db-url", TestDatabase.freshUrl());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("targets.csv:3", "target_value is not a number: 百");
    }

    @Test
    void aSettingEveryCommandWouldFailOnLaterStopsTheStartNamingItInOneLine() throws IOException {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path file = config.resolve("application.properties");
        String shipped = Files.readString(file);
        for (String[] bad : List.of(
                new String[] {"mail.from=行政経営課 gyokaku@city.example.jp",
                        "Setting mail.from must be an e-mail address, alone (gyokaku@city.example.jp) or with a name "
                                + "(行政経営課 <gyokaku@city.example.jp>), found 行政経営課 gyokaku@city.example.jp"},
                new String[] {"collector.zone=Asia/Tokio",
                        "Setting collector.zone must be a time zone such as Asia/Tokyo, found Asia/Tokio"},
                new String[] {"overnight.cron=0 0 26 * * ?",
                        "Setting overnight.cron must be a Quartz cron expression such as 0 0 2 * * ?"},
                new String[] {"http.port=99999", "Setting http.port must be a port from 1 to 65535, found 99999"},
                new String[] {"mail.send.give-up-hours=-1", "Setting mail.send.give-up-hours must be 0 or more, found -1"})) {
            Files.writeString(file, shipped + "\n" + bad[0] + "\n");

            Run run = Cli.run("run-once", "--config", config.toString(), "--inbox", dir.toString(),
                    "--db-url", TestDatabase.freshUrl());

            assertThat(run.exitCode()).as(bad[0]).isEqualTo(2);
            assertThat(run.err()).as(bad[0]).startsWith("Error: " + bad[1]).doesNotContain("\tat ");
        }
    }

    @Test
    void serveWhoseConsolePortIsTakenStopsAtOnceSayingSoInsteadOfRunningWithoutItsConsole() throws IOException {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path file = config.resolve("application.properties");
        try (java.net.ServerSocket other = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Files.writeString(file, Files.readString(file).replace("\nhttp.port=8080\n",
                    "\nhttp.port=" + other.getLocalPort() + "\n"));

            Run run = Cli.run("serve", "--config", config.toString(), "--inbox", dir.resolve("inbox").toString(),
                    "--db-url", TestDatabase.freshUrl());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("Error: Cannot listen on 127.0.0.1:" + other.getLocalPort()
                    + " (http.host, http.port): ").contains("another program (another serve?)")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aMisspeltSettingAndAnEnvironmentVariableWithoutItsLineAreToldNotIgnoredWithoutAWord() throws IOException {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path file = config.resolve("application.properties");
        // an operator's older copy without the mail.imap.host line, and a typo
        Files.writeString(file, Files.readString(file).replace("\nmail.imap.host=\n", "\n")
                + "\nmail.smpt.host=smtp.city.example.jp\n"
                + "collector.inbox-shown-to-departments=\\\\fileserver\\行革実績\\inbox\n"); // as Explorer shows it
        AppSettings settings = AppSettings.load(config, Map.of("MAIL_IMAP_HOST", "imap.city.example.jp"));

        assertThat(settings.warnings()).containsExactly(
                "Setting mail.smpt.host in " + file.toAbsolutePath().normalize() + " is not one the collector reads, "
                        + "so it has no effect (did you mean mail.smtp.host?)",
                "Setting collector.inbox-shown-to-departments reads \\fileserver行革実績inbox: in "
                        + file.toAbsolutePath().normalize() + " write each backslash twice "
                        + "(\\\\\\\\fileserver\\\\行革実績\\\\inbox for \\\\fileserver\\行革実績\\inbox)",
                "Environment variable MAIL_IMAP_HOST is not used: " + file.toAbsolutePath().normalize()
                        + " has no line mail.imap.host=, and the environment only overrides the file's lines; "
                        + "add the line (its value may be empty)");
        assertThat(AppSettings.load(Path.of("config"), Map.of()).warnings()).as("the shipped file").isEmpty();
    }

    @Test
    void unknownPlanYearOutsideThePlanAndBadFormatAreClearErrors() {
        String db = TestDatabase.freshUrl();
        assertThat(Cli.run("summary", "--plan", "atsugi-9", "--fy", "2025", "--db-url", db).err())
                .contains("Unknown plan atsugi-9", "atsugi-7-2", "minamialps-5");
        assertThat(Cli.run("summary", "--plan", "atsugi-7-2", "--fy", "2030", "--db-url", db).err())
                .contains("covers fiscal years 2024–2026, not 2030");
        Run badFormat = Cli.run("status", "--plan", "atsugi-7-2", "--fy", "2025", "--format", "xml", "--db-url", db);
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format must be table or csv");
        assertThat(Cli.run("report").exitCode()).isEqualTo(2);
    }

    @Test
    void aHomeWithoutDatabaseIsAnErrorNotANewEmptyDatabase() throws IOException {
        TestFiles.copyTree(Path.of("config"), dir.resolve("config"));

        Run summary = Cli.run("summary", "--home", dir.toString(), "--plan", "atsugi-7-2", "--fy", "2025");

        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(summary.err()).contains("No database in " + dir.resolve("data"), "run run-once or serve");
        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(Cli.run("status", "--home", dir.resolve("nowhere").toString(), "--plan", "atsugi-7-2", "--fy", "2025")
                .err()).contains("is not a folder");
    }

    @Test
    void aServerDatabaseWithoutTheCollectorsTablesIsNotTakenForAnEmptyPlan() {
        String empty = TestDatabase.emptyUrl();

        Run summary = Cli.run("summary", "--plan", "atsugi-7-2", "--fy", "2025", "--db-url", empty);

        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(summary.err()).contains("holds no collector data yet");
    }

    @Test
    void fiscalYearsAreReadAsDepartmentsWriteThem() {
        String db = TestDatabase.freshUrl();
        String western = Cli.run("summary", "--plan", "atsugi-7-2", "--fy", "2026", "--format", "csv", "--db-url", db).out();
        assertThat(Cli.run("summary", "--plan", "atsugi-7-2", "--fy", "R8", "--format", "csv", "--db-url", db).out())
                .isEqualTo(western);
        assertThat(Cli.run("summary", "--plan", "atsugi-7-2", "--fy", "令和8年度", "--format", "csv", "--db-url", db).out())
                .isEqualTo(western);
        Run wrong = Cli.run("summary", "--plan", "atsugi-7-2", "--fy", "来年度", "--db-url", db);
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("'来年度' is not a fiscal year");
    }

    @Test
    void helpOfACommandShowsOnlyItsOwnOptions() {
        Run summary = Cli.run("summary", "--help");
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.out()).contains("--plan", "--fy", "--format", "--home").doesNotContain("--inbox", "--out=");
        Run report = Cli.run("report", "--help");
        assertThat(report.out()).contains("--out", "--home").doesNotContain("--format", "--inbox");
        Run runOnce = Cli.run("run-once", "--help");
        assertThat(runOnce.out()).contains("--inbox", "--today").doesNotContain("--plan");
    }

    @Test
    void anOutThatIsAFileIsRefusedInOneLineBeforeAnythingStarts() throws IOException {
        Path file = Files.writeString(dir.resolve("report.xlsx"), "not a folder");
        String db = TestDatabase.freshUrl();
        for (String command : List.of("report", "templates")) {
            Run run = Cli.run(command, "--plan", "atsugi-7-2", "--fy", "2025", "--out", file.toString(),
                    "--db-url", db);
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).contains("Error: --out " + file + " is a file, not a folder")
                    .doesNotContain("Exception", "\tat ");
        }
        assertThat(file).hasContent("not a folder");
    }

    @Test
    void anOutThatCannotBeMadeIsRefusedInOneLineNamingIt() throws IOException {
        // a folder below a file, or one the service's user may not write in (as root, only the former can be made)
        Path out = Files.writeString(dir.resolve("report.xlsx"), "not a folder").resolve("reports");
        String db = TestDatabase.freshUrl();
        for (String command : List.of("report", "templates")) {
            Run run = Cli.run(command, "--plan", "atsugi-7-2", "--fy", "2025", "--out", out.toString(),
                    "--db-url", db);
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).contains("Error: file system: ", out.toString())
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void anOlderVersionPutBackOverADatabaseANewerOneUpgradedStopsBeforeTouchingIt() throws IOException {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        String db = TestDatabase.freshUrl();
        jp.reform.collector.support.Sql.execute(TestDatabase.at(db), "insert into flyway_schema_history (installed_rank, "
                + "version, description, type, script, checksum, installed_by, execution_time, success) values "
                + "(9999, '999', 'from a newer collector', 'SQL', 'V999__newer.sql', 0, 'test', 0, true)");
        for (List<String> command : List.of(List.of("status", "--plan", "atsugi-7-2", "--fy", "2025"),
                List.of("run-once", "--config", config.toString(), "--inbox", inbox.toString()))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--db-url", db));
            Run run = Cli.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(command.get(0)).isEqualTo(2);
            assertThat(run.err()).as(command.get(0)).contains("was upgraded by a newer version of the collector "
                    + "(schema version 999; this version knows up to ", "restore the backup taken before the upgrade")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aDatabaseUrlThatIsNotOneIsNamedAsTheSettingWithoutItsPassword() {
        Run run = Cli.run("status", "--plan", "atsugi-7-2", "--fy", "2025", "--db-url", "postgres://dbhost/reform?password=secret");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Error: Setting db.url (DB_URL, --db-url) is not a PostgreSQL JDBC URL such as "
                + "jdbc:postgresql://dbhost:5432/reform: postgres://dbhost/reform?password=***")
                .doesNotContain("secret", "\tat ");
    }

    @Test
    void theListOfCommandsSaysWhatEachDoesInAWholeSentence() {
        Run help = Cli.run("--help");
        assertThat(help.exitCode()).isZero();
        // the list shows each command's first description line: no sentence may stop half-way there
        List<String> commands = help.out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
                .filter(l -> l.startsWith("  ") && !l.startsWith("    ")).toList();
        assertThat(commands).hasSize(10).allSatisfy(l -> assertThat(l.strip()).doesNotEndWith(",")
                .doesNotEndWith(" and").doesNotEndWith(" the"));
        assertThat(help.out()).contains("run-once   The overnight run once, then exit.",
                "demo       Try the collector on the sample department files in a fresh");
    }

    @Test
    void demoRunsTheSamplesInAFreshHomeAndNeverTouchesAnotherFolder() throws IOException {
        Path notADemo = Files.createDirectories(dir.resolve("important"));
        Files.writeString(notADemo.resolve("keep.txt"), "keep");
        Run refused = Cli.run("demo", "--dir", notADemo.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("is not a demo home");
        assertThat(notADemo.resolve("keep.txt")).exists();

        Path demo = dir.resolve("demo");
        Run first = Cli.run("demo", "--dir", demo.toString(), "--today", "2026-06-23");
        Run second = Cli.run("demo", "--dir", demo.toString(), "--today", "2026-06-23");

        for (Run demoRun : List.of(first, second)) {
            assertThat(demoRun.exitCode()).as(demoRun.err()).isZero();
            assertThat(demoRun.out()).contains("accepted 6, rejected 1, already received 0",
                    "合計                                        41        27    6         2       6       80.5%");
        }
        assertThat(TestFiles.regularFiles(demo.resolve("outbox"))).isNotEmpty();
    }

    @Test
    void runOnceReadsTheInboxTypedOnTheCommandLineWhateverCamelCouldLookUpElsewhere() throws IOException {
        // Camel looks a placeholder's key up as a JVM system property and as an environment variable
        // (COLLECTOR_INBOX) by itself; the folder route must still poll the folder the command line names
        Path typed = dir.resolve("typed");
        Path elsewhere = dir.resolve("elsewhere");
        Path sample = Path.of("samples/inbox/財政課/財政課_実績報告.xlsx");
        Files.copy(sample, Files.createDirectories(typed.resolve("財政課")).resolve("typed.xlsx"));
        Path untouched = Files.createDirectories(elsewhere.resolve("財政課")).resolve("elsewhere.xlsx");
        Files.copy(sample, untouched);
        System.setProperty("collector.inbox", elsewhere.toString());
        Run run;
        try {
            run = Cli.run("run-once", "--inbox", typed.toString(), "--db-url", TestDatabase.freshUrl(),
                    "--outbox", dir.resolve("outbox").toString(), "--reports", dir.resolve("reports").toString());
        } finally {
            System.clearProperty("collector.inbox");
        }

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("accepted 0, rejected 1, already received 0");
        assertThat(TestFiles.regularFiles(typed)).anySatisfy(f -> assertThat(f.toString())
                .contains("/財政課/.error/").endsWith("_typed.xlsx_受付結果.txt"));
        assertThat(TestFiles.regularFiles(elsewhere)).containsExactly(untouched);
    }

    @Test
    void demoKeepsToItsOwnFoldersWhenTheSettingsNameTheRealOnes() throws IOException {
        // an installation whose settings name the real shared folder, database, outbox and reports (absolute
        // paths in application.properties, as COLLECTOR_INBOX=... in the environment would): the demo copies
        // that file, yet must not sweep the departments' real files into its database and move them
        Path home = dir.resolve("home");
        TestFiles.copyTree(Path.of("config"), home.resolve("config"));
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        TestFiles.copyTree(Path.of("samples"), home.resolve("samples"));
        Path share = dir.resolve("share");
        Path realFile = Files.createDirectories(share.resolve("財政課")).resolve("本番の実績報告.xlsx");
        Files.copy(Path.of("samples/inbox/財政課/財政課_実績報告.xlsx"), realFile);
        Path properties = home.resolve("config/application.properties");
        Files.writeString(properties, Files.readString(properties)
                .replace("collector.inbox=inbox", "collector.inbox=" + share)
                .replace("collector.data=data", "collector.data=" + dir.resolve("real-data"))
                .replace("collector.outbox=outbox", "collector.outbox=" + dir.resolve("real-outbox"))
                .replace("collector.reports=reports", "collector.reports=" + dir.resolve("real-reports")));

        Path demo = dir.resolve("demo");
        Run run = Cli.run("demo", "--home", home.toString(), "--dir", demo.toString(), "--today", "2026-06-23");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("accepted 6, rejected 1, already received 0",
                "Receipts: " + demo.resolve("inbox"), "mail: " + demo.resolve("outbox"));
        assertThat(TestFiles.regularFiles(share)).containsExactly(realFile);
        assertThat(dir.resolve("real-data")).doesNotExist();
        assertThat(dir.resolve("real-outbox")).doesNotExist();
        assertThat(dir.resolve("real-reports")).doesNotExist();
        assertThat(TestFiles.regularFiles(demo.resolve("outbox"))).isNotEmpty();
        assertThat(TestFiles.regularFiles(demo.resolve("reports"))).isNotEmpty();
        assertThat(TestFiles.regularFiles(demo.resolve("inbox").resolve("財政課")))
                .anySatisfy(f -> assertThat(f.getFileName().toString()).endsWith("_財政課_実績報告.xlsx_受付結果.txt"));
    }
}
