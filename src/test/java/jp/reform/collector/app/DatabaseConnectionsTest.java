package jp.reform.collector.app;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the database server sees of a run: its files loaded on a few connections reused from file to file
 * (not a new server process for every step of every file, as before the pool), at most db.max-connections at
 * once, and none left open when the run has ended.
 */
class DatabaseConnectionsTest {

    private static final int FILES = 24;
    private static final String DEPARTMENT = "職員課";

    @TempDir
    Path dir;

    @Test
    void aBatchIsLoadedOnAtMostTheConfiguredConnectionsAndNoneStaysOpen() throws Exception {
        try (TestHome home = TestHome.in(dir); Connection watch = home.db().connect()) {
            Path folder = Files.createDirectories(home.inbox().resolve(DEPARTMENT));
            for (int i = 1; i <= FILES; i++) {
                Path written = DepartmentFiles.xlsx(dir.resolve("実績_%02d.xlsx".formatted(i)), "令和7年度 実績報告",
                        HEADER, List.of(List.of("I-1-ウ-1", 2025, 20 + i, "派遣研修 " + i + " 件目", "", "", "")));
                Files.move(written, folder.resolve(written.getFileName()));
            }
            long sessionsBefore = sessions(watch);

            AppSettings settings = TestHome.under(AppSettings.load(Path.of("config"),
                    Map.of("DB_MAX_CONNECTIONS", "3", "INTAKE_PARALLEL", "2", "MAIL_IMAP_HOST", "")), dir, home.dbUrl());
            try (CollectorApplication app = CollectorApplication.open(settings)) {
                CollectorApplication.RunOnceResult run = app.runOnce(Duration.ofMinutes(2), LocalDate.parse("2026-06-23"));
                assertThat(run.sweep().summary()).startsWith("accepted " + FILES + ", rejected 0");
                assertThat(run.overnightFailure()).isNull();
                // on the watching connection: the test's pool would keep one more open
                assertThat(single(watch, "select count(*) from submission where status = 'accepted'"))
                        .isEqualTo(FILES);
            }

            awaitNoOtherSession(watch);
            // at most one more of the test's own: the watching connection, if the server counted it late
            // (without the pool: 163)
            assertThat(sessions(watch) - sessionsBefore).as("server sessions opened by the run")
                    .isBetween(1L, 3L + 1);
        }
    }

    @Test
    void aPoolTooSmallForTheSchemaUpgradeIsRefusedAtStartWithTheSettingNamed() throws Exception {
        try (TestHome home = TestHome.in(dir)) {
            AppSettings settings = TestHome.under(AppSettings.load(Path.of("config"),
                    Map.of("DB_MAX_CONNECTIONS", "1", "MAIL_IMAP_HOST", "")), dir, home.dbUrl());
            assertThatThrownBy(() -> CollectorApplication.open(settings).close())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Setting db.max-connections must be at least 2, found 1");
        }
    }

    /** Sessions ever opened on the test's database (PostgreSQL 14 and later count them). */
    private static long sessions(Connection watch) throws SQLException {
        return single(watch, "select sessions from pg_stat_database where datname = current_database()");
    }

    /** The run's connections are closed with it; the server ends their processes (and counts them) just after. */
    private static void awaitNoOtherSession(Connection watch) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        long others;
        do {
            others = single(watch, "select count(*) from pg_stat_activity where datname = current_database() "
                    + "and pid <> pg_backend_pid() and backend_type = 'client backend'"); // not autovacuum
            if (others > 0) {
                Thread.sleep(50);
            }
        } while (others > 0 && Instant.now().isBefore(deadline));
        assertThat(others).as("connections left open after the run").isZero();
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
