package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The planner's statistics of the whole database, brought up to date on demand. Autovacuum analyses a table
 * only some time after a large write (a minute or more); the overnight reports that run seconds after a start
 * that synchronised a large plan and a sweep that loaded a large file would otherwise be planned as if those
 * rows were not there (the committee workbook's goal table took 90 s instead of 0.3 s after a 200,000-row
 * file). Every table, not just those loads write: with fresh statistics of the results but none of the master
 * data, the exception report's query took minutes instead of one second. ANALYZE reads a fixed sample of each
 * table, so this costs a fraction of a second however large they are; it blocks no load.
 */
public final class PlannerStatistics {

    private static final SqlStatements SQL = SqlStatements.load("/sql/results.sql");

    private PlannerStatistics() {
    }

    public static void refresh(Database database) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(SQL.get("analyzeLoadedTables"));
        }
    }
}
