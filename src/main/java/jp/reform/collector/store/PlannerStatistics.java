package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.domain.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner's statistics of the collector's tables, brought up to date on demand. Autovacuum analyses a
 * table only some time after a large write (a minute or more); the overnight reports that run seconds after a
 * start that synchronised a large plan and a sweep that loaded a large file would otherwise be planned as if
 * those rows were not there (the committee workbook's goal table took 90 s instead of 0.3 s after a
 * 200,000-row file). All of its tables, not just those loads write: with fresh statistics of the results but
 * none of the master data, the exception report's query took minutes instead of one second. ANALYZE reads a
 * fixed sample of each table, so this costs a fraction of a second however large they are, and blocks no
 * load. Statistics only make queries faster: when they cannot be gathered (a statement timeout of the role,
 * a lock held elsewhere) the run goes on without them.
 */
public final class PlannerStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);
    private static final SqlStatements SQL = SqlStatements.load("/sql/results.sql");

    private PlannerStatistics() {
    }

    public static void refresh(Database database) {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(SQL.get("ownTables"))) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                // names as PostgreSQL quoted them (format %I): nothing here comes from outside the database
                s.execute("analyze " + String.join(", ", tables));
            }
        } catch (SQLException e) {
            LOG.warn("Planner statistics not refreshed, the overnight reports go on without them: {}",
                    LogText.cause(e));
        }
    }
}
