package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.Cli.Run;
import jp.reform.collector.support.TestFiles;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan export, import and check as the operator runs them: output and exit codes. */
class PlanCommandTest {

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void copyConfig() throws IOException {
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
    }

    @Test
    void exportThenImportWithReplaceGivesTheSameFilesAndKeepsABackup() throws IOException {
        Path workbook = dir.resolve("atsugi.xlsx");
        Run export = Cli.run("plan", "export", "--config", config.toString(), "--plan", "atsugi-7-2", "--out", workbook.toString());
        assertThat(export.exitCode()).as(export.err()).isEqualTo(0);
        assertThat(export.out()).isEqualTo("Wrote " + workbook + "\n");

        Run again = Cli.run("plan", "export", "--config", config.toString(), "--plan", "atsugi-7-2", "--out", workbook.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists; choose another --out or add --overwrite");

        Run refused = Cli.run("plan", "import", "--config", config.toString(), workbook.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("Plan atsugi-7-2 already exists").contains("add --replace");

        // the workbook says what the folder says, to the byte: nothing to write
        Run unchanged = Cli.run("plan", "import", "--config", config.toString(), workbook.toString(), "--replace");
        assertThat(unchanged.exitCode()).as(unchanged.out() + unchanged.err()).isEqualTo(0);
        assertThat(unchanged.out()).isEqualTo("Plan atsugi-7-2 in " + config.resolve("plans/atsugi-7-2")
                + " already says what the workbook says; nothing was written.\n");
        assertThat(config.resolve("plans-backup")).doesNotExist();

        // a folder saved by hand with Windows line ends says the same in other bytes: replaced, and kept
        Path planCsv = config.resolve("plans/atsugi-7-2/plan.csv");
        Files.writeString(planCsv, Files.readString(planCsv).replace("\n", "\r\n"));
        Run imported = Cli.run("plan", "import", "--config", config.toString(), workbook.toString(), "--replace");
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isEqualTo(0);
        assertThat(imported.out()).startsWith("Imported plan atsugi-7-2 into " + config.resolve("plans/atsugi-7-2") + ".\n"
                + "The previous folder is kept in " + config.resolve("plans-backup") + "/atsugi-7-2-");
        assertThat(imported.out()).doesNotContain("Note:");
        // the backup is stamped in the city's time (collector.zone, Asia/Tokyo here), as the logs, not the machine's
        Matcher stamp = Pattern.compile("atsugi-7-2-(\\d{8}-\\d{6})")
                .matcher(imported.out());
        assertThat(stamp.find()).isTrue();
        LocalDateTime stamped = LocalDateTime.parse(stamp.group(1),
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        assertThat(Duration.between(stamped, LocalDateTime.now(ZoneId.of("Asia/Tokyo"))))
                .isBetween(Duration.ZERO, Duration.ofMinutes(2));
        for (String file : new String[] {"plan.csv", "structure.csv", "indicators.csv", "targets.csv", "actions.csv"}) {
            assertThat(Files.mismatch(config.resolve("plans/atsugi-7-2").resolve(file),
                    Path.of("config/plans/atsugi-7-2").resolve(file))).as(file).isEqualTo(-1L);
        }
    }

    @Test
    void importTellsTheOperatorWhichTargetsOfEndedYearsChange() throws IOException {
        Path workbook = dir.resolve("atsugi.xlsx");
        assertThat(Cli.run("plan", "export", "--config", config.toString(), "--plan", "atsugi-7-2", "--out",
                workbook.toString()).exitCode()).isEqualTo(0);
        // the plan in config/ was revised meanwhile: FY2025 (ended on 31 March 2026) asks for 95%; the workbook
        // still says 100%, so importing it changes that ended year's target back
        Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
        Files.writeString(targets, Files.readString(targets).replace("I-1-ア-1,2025,100%,100", "I-1-ア-1,2025,95%,95"));

        Run run = Cli.run("plan", "import", "--config", config.toString(), workbook.toString(), "--replace");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("Targets of ended years changed (1; grades of those years will change when "
                + "serve takes the plan up, and a closed round's change is recorded in the audit log and the exception report):\n"
                + "- I-1-ア-1 FY2025: 95% → 100%\n");

        Run same = Cli.run("plan", "import", "--config", config.toString(), workbook.toString(), "--replace");
        assertThat(same.exitCode()).isEqualTo(0);
        assertThat(same.out()).doesNotContain("Targets of ended years");
    }

    @Test
    void importOfAFileThatIsNoWorkbookTellsTheDivisionInJapaneseOnly() throws IOException {
        Path notABook = Files.writeString(dir.resolve("計画.xlsx"), "指標コード,指標名\n1-1,窓口\n");

        Run run = Cli.run("plan", "import", "--config", config.toString(), notABook.toString(), "--replace");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Refused 計画.xlsx: 1 problem(s); nothing was written.\n"
                + "- ブック：Excel ブックとして読み取れませんでした。\n"
                + "  直し方：Excel で開けることを確認し、「Excel ブック (*.xlsx)」形式で保存し直してください。\n");
        assertThat(config.resolve("plans-backup")).doesNotExist();
    }

    @Test
    void importOfAWorkbookWithMistakesListsThemAllAndExitsOne() throws IOException {
        Path workbook = dir.resolve("minamialps.xlsx");
        assertThat(Cli.run("plan", "export", "--config", config.toString(), "--plan", "minamialps-5", "--out",
                workbook.toString()).exitCode()).isEqualTo(0);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(Files.readAllBytes(workbook)));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.getSheet("指標").getRow(2).getCell(6).setCellValue("高いほど良い"); // direction of 1-1-1-1
            wb.getSheet("目標").getRow(2).getCell(1).setCellValue("2031");
            wb.write(out);
            Files.write(workbook, out.toByteArray());
        }

        Run run = Cli.run("plan", "import", "--config", config.toString(), workbook.toString(), "--replace");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Refused minamialps.xlsx: 2 problem(s); nothing was written.\n"
                + "- シート「指標」 3行目 G列（評価の方向）：「高いほど良い」は評価の方向として使えません。\n"
                + "  直し方：セルの▼から次のいずれかを選んでください：higher_is_better（高いほど良い）、lower_is_better（低いほど良い）\n"
                + "- シート「目標」 3行目 B列（年度）：2031年度は計画の期間（2026～2030年度）の外です。\n"
                + "  直し方：計画の開始年度から終了年度までの年度を入力するか、計画の期間を見直してください。\n");
        assertThat(Files.mismatch(config.resolve("plans/minamialps-5/indicators.csv"),
                Path.of("config/plans/minamialps-5/indicators.csv"))).isEqualTo(-1L);
        assertThat(config.resolve("plans-backup")).doesNotExist();
    }

    @Test
    void checkSaysWhichPlansHaveProblems() throws IOException {
        Run ok = Cli.run("plan", "check", "--config", config.toString());
        assertThat(ok.exitCode()).isEqualTo(0);
        assertThat(ok.out()).isEqualTo("Plan atsugi-7-2: no problems.\nPlan minamialps-5: no problems.\n");

        Path structure = config.resolve("plans/minamialps-5/structure.csv");
        Files.writeString(structure, Files.readString(structure).replace("1-1,area,1,", "1-1,area,9,"));
        Run broken = Cli.run("plan", "check", "--config", config.toString(), "--plan", "minamialps-5");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).startsWith("Plan minamialps-5: 1 problem(s):\n"
                + "- structure.csv 3行目 parent_code列：上位の体系コード「9」は体系（structure.csv）にありません。\n");

        Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
        Files.writeString(targets, Files.readString(targets)
                .replace("I-3-イ-3,2025,9.2fm,9.2", "I-3-イ-3,2025,前年度比5%増,")
                .replace("III-2-ウ-2,2025,6件,6", "III-2-ウ-2,2025,5%減(前年度比),"));
        Run directions = Cli.run("plan", "check", "--config", config.toString(), "--plan", "atsugi-7-2");
        assertThat(directions.exitCode()).isEqualTo(1);
        // both, each at its target_text cell (the start's own check stops at the first)
        assertThat(directions.out()).startsWith("Plan atsugi-7-2: 2 problem(s):\n")
                .contains("- targets.csv 57行目 target_text列：目標「前年度比5%増」は前年度実績からの増減を求めていますが、"
                        + "その向きが指標「I-3-イ-3」の評価の方向 lower_is_better（低いほど良い）と逆です。\n")
                .contains("- targets.csv 117行目 target_text列：目標「5%減(前年度比)」は前年度実績からの増減を求めていますが、"
                        + "その向きが指標「III-2-ウ-2」の評価の方向 higher_is_better（高いほど良い）と逆です。\n");

        Run unknown = Cli.run("plan", "check", "--config", config.toString(), "--plan", "nosuch");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown plan nosuch").contains("[atsugi-7-2, minamialps-5]");
    }
}
