package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 課 reminded in the morning and then renamed (or its name retyped) in departments.csv with its old name
 * written in another width (ＤＸ推進課 for DX推進課, the same 課 everywhere else) gets no second reminder that
 * day, and is still reminded on the next reminder day. Sample round: deadline 2026-06-30, reminders 7 and 1
 * days before; nothing submitted, so every 課 owes its items.
 */
class RenamedDepartmentReminderTest {

    private static final String DX = "dx@atsugi.example.jp";
    private static final String ROW = "\nDX推進課,情報政策課," + DX + "," + DX + ",";

    @TempDir
    Path dir;
    private Path config;
    private TestHome home;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        home = TestHome.in(dir);
        dbUrl = home.dbUrl();
        db = home.db();
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
    }

    @AfterEach
    void tearDown() {
        home.close();
    }

    @Test
    void renamedWithItsOldNameWrittenFullWidthThe課GetsOneReminderThatDay() throws Exception {
        runOnce("2026-06-23");
        assertThat(remindersTo(DX, "2026-06-23")).hasSize(1);

        // April's reorganisation: DX推進課 becomes デジタル推進課, the old name typed in full width
        departmentsCsv(ROW, "\nデジタル推進課,ＤＸ推進課|情報政策課," + DX + "," + DX + ",");
        runOnce("2026-06-23");

        assertThat(remindersTo(DX, "2026-06-23")).containsExactly("reminder/DX推進課/2026-06-23");
        runOnce("2026-06-29");
        assertThat(remindersTo(DX, "2026-06-29")).containsExactly("reminder/デジタル推進課/2026-06-29");
    }

    @Test
    void itsNameRetypedInFullWidthThe課GetsOneReminderThatDay() throws Exception {
        runOnce("2026-06-23");

        // the same 課, its name typed again in full width (as the rest of the collector reads it: one 課)
        departmentsCsv(ROW, "\nＤＸ推進課,情報政策課," + DX + "," + DX + ",");
        runOnce("2026-06-23");

        assertThat(remindersTo(DX, "2026-06-23")).containsExactly("reminder/DX推進課/2026-06-23");
        runOnce("2026-06-29");
        assertThat(remindersTo(DX, "2026-06-29")).containsExactly("reminder/ＤＸ推進課/2026-06-29");
    }

    private void departmentsCsv(String row, String replacement) throws Exception {
        Path departments = config.resolve("departments.csv");
        String before = Files.readString(departments, StandardCharsets.UTF_8);
        assertThat(before).contains(row);
        Files.writeString(departments, before.replace(row, replacement), StandardCharsets.UTF_8);
    }

    private void runOnce(String today) throws Exception {
        assertThat(TestHome.runOnce(config, dir, dbUrl, today).overnight()).isNotNull();
    }

    /** The reminders queued to the address for the day: what its inbox gets, by the outbox's keys. */
    private List<String> remindersTo(String address, String day) {
        return Sql.rows(db, "select dedup_key from outbox_mail where kind = 'reminder' and ? = any(recipients_to) "
                + "and dedup_key like ? order by mail_id", address, "%/" + day).stream()
                .map(r -> r.get("dedup_key").toString()).toList();
    }
}
