package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The queries behind reminders and the exception report, and the overnight run's own records. */
public final class ChaseQueries {

    private static final SqlStatements SQL = SqlStatements.load("/sql/chase.sql");

    /** An expected result that a department still owes. */
    public record Outstanding(String department, String indicatorCode, String indicatorName, String targetText,
                              String unit, boolean noResult, boolean noActual, boolean noStatus,
                              boolean noAssessment, boolean numeric, boolean sentBack) {

        /**
         * 未提出, or which parts of a submitted result are still empty, or that the division sent it back
         * for correction (as reminders and reports say it).
         */
        public String what() {
            if (sentBack) {
                return noResult ? "差し戻し（未提出）" : "差し戻し（修正をお願いしています）";
            }
            if (noResult) {
                return "未提出";
            }
            List<String> parts = new ArrayList<>();
            if (noActual) {
                parts.add("実績値が未記入");
            }
            if (noStatus) {
                parts.add("取組状況が未記入");
            }
            if (noAssessment) {
                parts.add("自己評価が未記入");
            }
            return parts.isEmpty() ? "未記入の項目があります" : String.join("、", parts);
        }
    }

    /** A loaded value the administrative division should look at. */
    public record ValueIssue(String departments, String indicatorCode, String indicatorName, int fiscalYear,
                             String actualText, String flagCode, String message) {
    }

    /** A rejected file with its error messages; its submission id records that a report listed it. */
    public record Rejected(long submissionId, String receiptNo, Instant receivedAt, String channel,
                           String department, String fileName, List<String> reasons) {
    }

    /** Everything the round still lacks, closed (締切) or not: the record the reports show. */
    public List<Outstanding> outstanding(Connection c, String planCode, int fiscalYear) throws SQLException {
        return outstanding(c, planCode, fiscalYear, false);
    }

    /** What reminders chase: as {@link #outstanding}, but nothing of a closed (締切) round. */
    public List<Outstanding> toChase(Connection c, String planCode, int fiscalYear) throws SQLException {
        return outstanding(c, planCode, fiscalYear, true);
    }

    private List<Outstanding> outstanding(Connection c, String planCode, int fiscalYear, boolean leaveOutClosed)
            throws SQLException {
        List<Outstanding> found = new ArrayList<>();
        // a plan of 1,741 課 owes 100,000 items that share a few thousand names, targets and units: one copy each
        Map<String, String> shared = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("outstanding"))) {
            Jdbc.bind(ps, planCode, fiscalYear, planCode, fiscalYear, leaveOutClosed);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Set<String> flags = Set.copyOf(Jdbc.strings(rs.getArray(6)));
                    boolean noResult = rs.getBoolean(9);
                    found.add(new Outstanding(shared(shared, rs.getString(1)), rs.getString(2),
                            shared(shared, rs.getString(3)), shared(shared, rs.getString(4)),
                            shared(shared, rs.getString(5)), noResult,
                            !noResult && flags.contains("incomplete") && rs.getBoolean(7),
                            !noResult && flags.contains("incomplete") && rs.getBoolean(8),
                            !noResult && flags.contains("assessment_missing"), rs.getString(5) != null,
                            rs.getBoolean(10)));
                }
            }
        }
        return found;
    }

    private static String shared(Map<String, String> copies, String text) {
        return text == null ? null : copies.computeIfAbsent(text, t -> t);
    }

    /** @param fiscalYear 0 for every year of the plan */
    public List<ValueIssue> valueIssues(Connection c, String planCode, int fiscalYear) throws SQLException {
        List<ValueIssue> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("valueIssues"))) {
            Jdbc.bind(ps, planCode, fiscalYear, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new ValueIssue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return found;
    }

    /**
     * The plan's rejected files that no report of the plan listed yet.
     *
     * @param planDepartments every 課 (current name) of the plan, by its indicators or its actions
     * @param anyPlansDepartments every 課 any plan names: a file of another 課 is every plan's
     */
    public List<Rejected> rejectedToReport(Connection c, String planCode, Collection<String> planDepartments,
                                           Collection<String> anyPlansDepartments) throws SQLException {
        List<Rejected> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("rejectedToReport"))) {
            ps.setString(1, planCode);
            ps.setArray(2, c.createArrayOf("text", planDepartments.toArray()));
            ps.setArray(3, c.createArrayOf("text", anyPlansDepartments.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Rejected(rs.getLong(7), rs.getString(1), rs.getTimestamp(2).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.strings(rs.getArray(6))));
                }
            }
        }
        return found;
    }

    /**
     * A target of a closed round changed by a revised plan (audit log, recorded at a start).
     *
     * @param targetBefore the target before, null when the year had none; the value fields only when the text
     *                     stayed the same (the number alone changed)
     * @param gradeBefore  the computed grade when it changed, in the plan's words
     * @param gradeNow     the computed grade now, in the plan's words
     */
    public record ClosedTargetChange(String departments, String indicatorCode, String indicatorName, int fiscalYear,
                                     String targetBefore, String targetAfter, String valueBefore, String valueAfter,
                                     String gradeBefore, String gradeNow, Instant changedAt, long auditId) {
    }

    /** The changes of the plan's closed targets that no report of the plan listed yet. */
    public List<ClosedTargetChange> closedTargetChangesToReport(Connection c, String planCode) throws SQLException {
        List<ClosedTargetChange> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("closedTargetChangesToReport"))) {
            Jdbc.bind(ps, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new ClosedTargetChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getLong(12)));
                }
            }
        }
        return found;
    }

    /**
     * A grade of a closed round that a revised plan (otherwise than by its target) or a new version's evaluation
     * rules moved (audit log, recorded by the whole re-evaluation at a start or a reload of config/).
     *
     * @param gradeBefore the computed grade before, in the plan's words of that time; null when none
     * @param gradeAfter  the computed grade the re-evaluation gave, in the plan's words; null when none
     * @param rateBefore  the 達成率 before in whole percent, null when none
     * @param rateAfter   the 達成率 after in whole percent, null when none
     */
    public record ClosedGradeChange(String departments, String indicatorCode, String indicatorName, int fiscalYear,
                                    String gradeBefore, String gradeAfter, String rateBefore, String rateAfter,
                                    Instant changedAt, long auditId) {
    }

    /** The changes of the plan's closed grades that no report of the plan listed yet. */
    public List<ClosedGradeChange> closedGradeChangesToReport(Connection c, String planCode) throws SQLException {
        List<ClosedGradeChange> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("closedGradeChangesToReport"))) {
            Jdbc.bind(ps, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new ClosedGradeChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getTimestamp(9).toInstant(), rs.getLong(10)));
                }
            }
        }
        return found;
    }

    /**
     * Every name the database holds for each of these 課: its current name, its former names as departments.csv
     * writes them and as history stored them (see {@code namesOf} in chase.sql).
     */
    public Map<String, List<String>> namesOf(Connection c, Collection<String> departments) throws SQLException {
        Map<String, List<String>> names = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("namesOf"))) {
            ps.setArray(1, c.createArrayOf("text", departments.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.computeIfAbsent(rs.getString(1), d -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return names;
    }

    /** A reminder queued by its key, and the rounds (plan code and fiscal year, pairwise) it asks for. */
    public record ReminderRounds(String dedupKey, List<String> planCodes, List<Integer> fiscalYears) {
    }

    /** Records which rounds each of these queued reminders asks for (V26), in one batch. */
    public void recordReminderRounds(Connection c, Collection<ReminderRounds> reminders) throws SQLException {
        if (reminders.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("recordReminderRounds"))) {
            for (ReminderRounds reminder : reminders) {
                ps.setArray(1, c.createArrayOf("text", reminder.planCodes().toArray()));
                ps.setArray(2, c.createArrayOf("integer", reminder.fiscalYears().toArray()));
                ps.setString(3, reminder.dedupKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Records, in the report's transaction, the rejected files and closed-round changes (audit ids) its report
     * lists: each is then in exactly one report of the plan, one statement per kind however many.
     */
    public void recordListed(Connection c, String planCode, Collection<Long> rejected, Collection<Long> changes)
            throws SQLException {
        for (var kind : List.of(Map.entry("recordRejectedListed", rejected), Map.entry("recordChangesListed", changes))) {
            if (kind.getValue().isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(SQL.get(kind.getKey()))) {
                ps.setString(1, planCode);
                ps.setArray(2, c.createArrayOf("bigint", kind.getValue().toArray()));
                ps.executeUpdate();
            }
        }
    }

    /**
     * The items of the exception reports that are not of one plan by nature (V33), by the key each is read under:
     * mail by its message key, undelivered outbox mail and refused folder items by their ids.
     */
    public record ReportItems(Collection<String> mail, Collection<Long> outbox, Collection<Long> refusals) {

        public boolean isEmpty() {
            return mail.isEmpty() && outbox.isEmpty() && refusals.isEmpty();
        }
    }

    /** Which plans' reports listed each of these items already ("mail:key", "outbox:id", "refusal:id"). */
    public Map<String, Set<String>> itemsListed(Connection c, ReportItems items) throws SQLException {
        Map<String, Set<String>> listed = new HashMap<>();
        if (items.isEmpty()) {
            return listed;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("itemsListed"))) {
            ps.setArray(1, c.createArrayOf("text", items.mail().toArray()));
            ps.setArray(2, c.createArrayOf("bigint", items.outbox().toArray()));
            ps.setArray(3, c.createArrayOf("bigint", items.refusals().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    listed.computeIfAbsent(rs.getString(1) + ":" + rs.getString(2), k -> new HashSet<>())
                            .add(rs.getString(3));
                }
            }
        }
        return listed;
    }

    /** Records, in the report's transaction, the mail, undelivered mail and refused items its report lists (V33). */
    public void recordItemsListed(Connection c, String planCode, ReportItems items) throws SQLException {
        for (var kind : List.of(Map.entry("recordMailListed", items.mail()), Map.entry("recordOutboxListed", items.outbox()),
                Map.entry("recordRefusalsListed", items.refusals()))) {
            if (kind.getValue().isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(SQL.get(kind.getKey()))) {
                ps.setString(1, planCode);
                ps.setArray(2, c.createArrayOf(kind.getKey().equals("recordMailListed") ? "text" : "bigint",
                        kind.getValue().toArray()));
                ps.executeUpdate();
            }
        }
    }

    /** Serialises report building for a plan across instances until the transaction ends. */
    public void lockReport(Connection c, String planCode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("lockReport"))) {
            ps.setString(1, planCode);
            ps.execute();
        }
    }

    public long startRun(Connection c, LocalDate asOf, String instance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("startRun"))) {
            ps.setObject(1, asOf);
            ps.setString(2, instance);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void finishRun(Connection c, long runId, int reminders, int reports, String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("finishRun"))) {
            Jdbc.bind(ps, reminders, reports, outcome, runId);
            ps.executeUpdate();
        }
    }

    /** Leaves the run unfinished, with why: the health check reports it at once. */
    public void failRun(Connection c, long runId, String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("failRun"))) {
            Jdbc.bind(ps, outcome, runId);
            ps.executeUpdate();
        }
    }
}
