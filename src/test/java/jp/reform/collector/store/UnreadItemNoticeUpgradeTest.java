package jp.reform.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A collector upgraded to V29, which tells each 課 by mail what it saved in its folder that is not read: what the
 * division's reports showed before the upgrade is not mailed to the 課 days later, what is found after it is, and
 * the query that serve runs every minute reads only the rows still to be told.
 */
class UnreadItemNoticeUpgradeTest {

    private Database db;

    @BeforeEach
    void setUp() {
        db = TestDatabase.at(TestDatabase.emptyUrl());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void itemsFoundBeforeTheUpgradeAreNotToldAfterItButItemsFoundAfterItAre() throws Exception {
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").target("28").load()
                .migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    insert into folder_refusal (item_path, department_folder, kind, action, found_at)
                    values ('職員課/令和6年度', '職員課', 'subfolder', 'left', now() - interval '200 days'),
                           ('職員課/リンク.csv', '職員課', 'symlink', 'left', now() - interval '1 hour')
                    """);
        }

        db.migrate();

        FolderRefusalRepository refusals = new FolderRefusalRepository(db, "test");
        try (Connection c = db.connect()) {
            assertThat(refusals.toTellDepartments(c)).as("reported to the division as before the upgrade").isEmpty();
        }
        // after it: what the jail found the 課 made so is told; what it found is the division's alone (the 課 folder
        // itself, a file in no 課's folder, a failure to look at the share) is not, nor a row written without a word
        refusals.recordLeft(new FolderRefusalRepository.Refusal("職員課/令和7年度", "職員課",
                FolderRefusalRepository.Kind.SUBFOLDER, "1:abc", "a folder", null, true));
        refusals.recordLeft(new FolderRefusalRepository.Refusal("職員課", "職員課",
                FolderRefusalRepository.Kind.UNLISTABLE, "", "cannot be listed", null));
        refusals.recordLeft(new FolderRefusalRepository.Refusal("実績.csv", null,
                FolderRefusalRepository.Kind.NOT_IN_FOLDER, "1:2", "a file", null));
        refusals.recordLeft(new FolderRefusalRepository.Refusal("職員課/実績.csv", "職員課",
                FolderRefusalRepository.Kind.UNRESOLVABLE, "", "java.io.IOException: Host is down", null));
        refusals.recordKept(new FolderRefusalRepository.Refusal("職員課/壊れた.xlsx", "職員課",
                FolderRefusalRepository.Kind.UNREADABLE, "3:4", "I/O error", null), "1|");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(refusals.toTellDepartments(c)).extracting(FolderRefusalRepository.ToTell::itemPath)
                    .containsExactly("職員課/令和7年度");
            s.execute("set enable_seqscan = off"); // a few rows: the planner would read the table, not the index
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("explain " + SqlStatements.load("/sql/folder_refusals.sql")
                    .get("toTellDepartments"))) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            assertThat(String.join("\n", plan)).contains("folder_refusal_to_tell");
        }
    }
}
