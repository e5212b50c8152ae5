package jp.reform.collector.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads what the pre-filled templates need, for many departments in one query: the rows come department
 * after department through a cursor, so that a plan of 1,741 課 costs one query and one department's rows
 * in memory at a time.
 */
public final class TemplateQueries {

    private static final SqlStatements SQL = SqlStatements.load("/sql/templates.sql");
    private static final int FETCH_SIZE = 2000;

    /**
     * One indicator a department reports: its current result of the year (fields null when none) and last year's
     * actual, as written and as stored in the indicator's unit.
     */
    public record Submitted(String indicatorCode, BigDecimal actualValue, String actualText, String statusText,
                            String outcomeText, String nextStepsText, String selfAssessmentText,
                            String lastYearActualText, BigDecimal lastYearActualValue) {
    }

    /** Receives the rows of one department at a time. */
    @FunctionalInterface
    public interface DepartmentRows {
        void accept(String department, List<Submitted> rows) throws Exception;
    }

    /**
     * Calls {@code each} once per department, in the organisation order (departments.csv), with its indicators in
     * plan order. {@code departments} null means every department of the plan.
     */
    public void forEachDepartment(Connection c, String planCode, int fiscalYear, Collection<String> departments,
                                  DepartmentRows each) throws Exception {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // PgJDBC uses a cursor (fetch size) only inside a transaction
        try (PreparedStatement ps = Jdbc.plannedEachTime(c, SQL.get("templateLines"))) { // departments optional
            ps.setFetchSize(FETCH_SIZE);
            ps.setInt(1, fiscalYear);
            ps.setInt(2, fiscalYear);
            ps.setString(3, planCode);
            ps.setBoolean(4, departments == null);
            ps.setArray(5, c.createArrayOf("text", departments == null ? new String[0]
                    : departments.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                String current = null;
                List<Submitted> rows = new ArrayList<>();
                while (rs.next()) {
                    String department = rs.getString(1);
                    if (current != null && !current.equals(department)) {
                        each.accept(current, rows);
                        rows = new ArrayList<>();
                    }
                    current = department;
                    rows.add(new Submitted(rs.getString(2), rs.getBigDecimal(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getBigDecimal(10)));
                }
                if (current != null) {
                    each.accept(current, rows);
                }
            }
        } finally {
            if (autoCommit) {
                c.rollback(); // only read: ends the transaction opened for the cursor
                c.setAutoCommit(true);
            }
        }
    }
}
