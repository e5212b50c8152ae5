package jp.reform.collector.evaluate;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.GradeWords;
import jp.reform.collector.master.Plan;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.Jdbc;
import jp.reform.collector.store.SqlStatements;

/**
 * Final grades: the committee's decision on an indicator and year where it differs from the numbers. The
 * evaluation keeps the computed grade (re-graded by every new file as before); the final grade sits beside it
 * until removed. Setting and removing each change the override, the audit log (before and after) and the
 * plan's evaluation version (so the console's cached board is read again) in one transaction.
 */
public final class GradeOverrides {

    /** 対象外: not counted in 設定項目 that year. */
    public static final String NOT_COUNTED = "対象外";
    /** The canonical grades a final grade is stored as; the division chooses them in the plan's words. */
    public static final List<String> FINAL_GRADES = List.of("達成", "概ね達成", "未達成", NOT_COUNTED);
    /** A reason is a sentence or two of the committee's minutes, not a document. */
    public static final int MAX_REASON_LENGTH = 500;

    private static final SqlStatements SQL = SqlStatements.load("/sql/overrides.sql");
    private static final String MIDDLE = "概ね達成";
    private static final String RESULT = "result_id";
    private static final String LEVEL = "final_level";

    /**
     * A final grade the division may choose: the word the plan writes it in (A, D, ○, 達成; 対象外), the canonical
     * grade stored and counted, and the step of the plan's scale it is (1 = best; null for 対象外).
     */
    public record Choice(String word, String grade, Integer level) {

        /**
         * The level as grade_override.final_level keeps it: null where it is the grade's first step (A, B, C of
         * A|B|C|D and every step of a plan of two or three levels), so that those read as before V38.
         */
        Integer storedLevel(GradeWords words) {
            return level == null || words.levelGrades().indexOf(grade) + 1 == level ? null : level;
        }
    }

    /**
     * The final grades of a plan, in its own words, every step of its scale best first (A・B・C・D of A|B|C|D,
     * S・A・B・C of S|A|B|C, 達成・概ね達成・未達成, ○・×), then 対象外.
     */
    public static List<Choice> choices(GradeWords words) {
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < words.labels().size(); i++) {
            choices.add(new Choice(words.labels().get(i), words.levelGrades().get(i), i + 1));
        }
        choices.add(new Choice(NOT_COUNTED, NOT_COUNTED, null));
        return List.copyOf(choices);
    }

    /** Who acts, as the audit log records it. */
    public record Actor(String login, String role, String remoteAddress) {
    }

    /** An override the division cannot make, with the Japanese sentence that says why; nothing was changed. */
    public static final class Refused extends Exception {
        private final boolean repeated;
        private final boolean changed;

        public Refused(String message) {
            this(message, false, false);
        }

        private Refused(String message, boolean repeated) {
            this(message, repeated, false);
        }

        private Refused(String message, boolean repeated, boolean changed) {
            super(message, null, false, false);
            this.repeated = repeated;
            this.changed = changed;
        }

        /** The same override is in place already (a second click): nothing to do, rather than wrong. */
        public boolean repeated() {
            return repeated;
        }

        /** Another override was made or removed since the page was shown: nothing done, the page is out of date. */
        public boolean changed() {
            return changed;
        }
    }

    /**
     * A current override.
     *
     * @param computedGrade the evaluation's grade now
     * @param newerResult   whether the result graded now differs from the one graded when the override was set
     * @param finalLevel    the step of the plan's scale chosen (D of A|B|C|D: 4), null where it is the final
     *                      grade's first step (and for 対象外)
     * @param computedLevel the step of the plan's scale the evaluation reached now (evaluation.grade_level)
     */
    public record Override(int fiscalYear, String computedGrade, String finalGrade, String reason, String setBy,
                           Instant setAt, boolean newerResult, Integer finalLevel, Integer computedLevel) {
    }

    private final Database database;
    private final AuditLog audit;
    private final UnaryOperator<String> people;

    public GradeOverrides(Database database) {
        this(database, login -> login);
    }

    /** @param people how a message names who set a grade (the console: the user's name, not the login) */
    public GradeOverrides(Database database, UnaryOperator<String> people) {
        this.database = database;
        this.audit = new AuditLog(database);
        this.people = people;
    }

    /** Sets (or replaces) the final grade of an indicator for a year. */
    public void set(Actor actor, String planCode, String indicatorCode, int fiscalYear, String finalGrade,
                    String reason) throws Refused, SQLException {
        set(actor, planCode, indicatorCode, fiscalYear, finalGrade, reason, Optional.empty());
    }

    /** What a page showed of a year without a final grade; one with a grade is shown by its {@link Override#setAt()}. */
    public static final String NONE_SHOWN = "none";

    /**
     * Sets (or replaces) the final grade, refused when the year's final grade is no longer the one the page showed
     * ({@code shown}: {@link #NONE_SHOWN} or the shown grade's
     * {@link Override#setAt()}; empty: not checked): another admin set or removed it meanwhile.
     */
    public void set(Actor actor, String planCode, String indicatorCode, int fiscalYear, String finalGrade,
                    String reason, Optional<String> shown) throws Refused, SQLException {
        String word = finalGrade == null ? "" : finalGrade.strip();
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new Refused(Messages.text("override.reason_missing"));
        }
        if (why.codePointCount(0, why.length()) > MAX_REASON_LENGTH) {
            throw new Refused(Messages.text("override.reason_too_long", MAX_REASON_LENGTH,
                    why.codePointCount(0, why.length())));
        }
        inTransaction(c -> {
            Graded graded = graded(c, planCode, indicatorCode, fiscalYear);
            Choice choice = chosen(graded.words(), word);
            String grade = choice.grade();
            Integer level = choice.storedLevel(graded.words());
            if (!graded.targetSet()) {
                throw new Refused(Messages.text("override.no_target", indicatorCode, FiscalYears.eraName(fiscalYear)));
            }
            Optional<Map<String, Object>> before = current(c, planCode, indicatorCode, fiscalYear, graded.words());
            // a second click (or a reloaded form) would only add an audit line saying nothing changed; the same
            // grade and reason set again for a newer result is a change (the page stops saying a newer came), and so
            // is another step of the same grade (C → D)
            if (before.isPresent() && grade.equals(before.get().get("final_grade")) && why.equals(before.get().get("reason"))
                    && Objects.equals(level, before.get().get(LEVEL))
                    && Objects.equals(graded.resultId(), before.get().get(RESULT))) {
                throw new Refused(Messages.text("override.repeated", indicatorCode, FiscalYears.eraName(fiscalYear), word,
                        people.apply((String) before.get().get("set_by"))), true);
            }
            refuseUnseen(before, shown, indicatorCode, fiscalYear, graded.words());
            before.ifPresent(GradeOverrides::internalOnly);
            try (PreparedStatement ps = c.prepareStatement(SQL.get("upsert"))) {
                Jdbc.bind(ps, planCode, indicatorCode, fiscalYear, grade, why, graded.grade(), graded.resultId(),
                        actor.login(), level);
                ps.executeUpdate();
            }
            Map<String, Object> beforeState = before.orElseGet(() -> state(graded.words(), graded.grade(), null,
                    null, null));
            audit.record(c, entry(actor, AuditAction.GRADE_OVERRIDDEN, planCode, indicatorCode, fiscalYear,
                    beforeState, state(graded.words(), graded.grade(), grade, level, why)));
            bump(c, planCode);
        });
    }

    /** Removes the final grade: the computed grade counts again. */
    public void remove(Actor actor, String planCode, String indicatorCode, int fiscalYear)
            throws Refused, SQLException {
        remove(actor, planCode, indicatorCode, fiscalYear, Optional.empty());
    }

    /** Removes the final grade, refused when it is no longer the one the page showed ({@code shown}, as for set). */
    public void remove(Actor actor, String planCode, String indicatorCode, int fiscalYear, Optional<String> shown)
            throws Refused, SQLException {
        inTransaction(c -> {
            Graded graded = graded(c, planCode, indicatorCode, fiscalYear);
            Map<String, Object> before = current(c, planCode, indicatorCode, fiscalYear, graded.words())
                    // nothing to remove is a second click or another admin's removal: a conflict, as a repeated set
                    .orElseThrow(() -> new Refused(Messages.text("override.none", indicatorCode, FiscalYears.eraName(fiscalYear)), true));
            refuseUnseen(Optional.of(before), shown, indicatorCode, fiscalYear, graded.words());
            internalOnly(before);
            try (PreparedStatement ps = c.prepareStatement(SQL.get("delete"))) {
                Jdbc.bind(ps, planCode, indicatorCode, fiscalYear);
                ps.executeUpdate();
            }
            audit.record(c, entry(actor, AuditAction.GRADE_OVERRIDE_REMOVED, planCode, indicatorCode, fiscalYear,
                    before, state(graded.words(), graded.grade(), null, null, null)));
            bump(c, planCode);
        });
    }

    /**
     * Two admins on one indicator: a final grade another set (or removed) after this one's page was shown is not
     * replaced or removed unseen.
     */
    private void refuseUnseen(Optional<Map<String, Object>> before, Optional<String> shown, String indicatorCode,
                              int fiscalYear, GradeWords words) throws Refused {
        String now = before.map(b -> (String) b.get("set_at")).orElse(NONE_SHOWN);
        if (shown.isPresent() && !shown.get().equals(now)) {
            String what = before.isEmpty() ? Messages.text("override.changed.removed")
                    : Messages.text("override.changed.set", people.apply((String) before.get().get("set_by")),
                            words.label((String) before.get().get("final_grade"), (Integer) before.get().get(LEVEL)));
            throw new Refused(Messages.text("override.changed", indicatorCode, FiscalYears.eraName(fiscalYear), what), true,
                    true);
        }
    }

    /** The current overrides of one indicator, by year. */
    public List<Override> ofIndicator(String planCode, String indicatorCode) throws SQLException {
        List<Override> overrides = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(SQL.get("ofIndicator"))) {
            Jdbc.bind(ps, planCode, indicatorCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    overrides.add(new Override(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getBoolean(7),
                            (Integer) rs.getObject(8), (Integer) rs.getObject(9)));
                }
            }
        }
        return overrides;
    }

    private record Graded(boolean targetSet, String grade, Long resultId, GradeWords words) {
    }

    /**
     * A final grade chosen in the plan's words. Another word is refused, the committee's 達成 too where the plan
     * writes its own (A|B|C|D): the page and the workbook would show a word not chosen.
     */
    private static Choice chosen(GradeWords words, String word) throws Refused {
        List<Choice> choices = choices(words);
        Optional<Choice> chosen = choices.stream().filter(c -> c.word().equals(word)).findFirst();
        if (chosen.isPresent()) {
            return chosen.get();
        }
        if (MIDDLE.equals(word) && !words.hasMiddleLevel()) {
            throw new Refused(Messages.text("override.no_middle_level", String.join("・", words.labels())));
        }
        throw new Refused(Messages.text("override.unknown_grade", word,
                String.join("・", choices.stream().map(Choice::word).toList())));
    }

    private static Graded graded(Connection c, String planCode, String indicatorCode, int fiscalYear)
            throws SQLException, Refused {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("evaluationForUpdate"))) {
            Jdbc.bind(ps, planCode, indicatorCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean("active")) {
                    throw new Refused(Messages.text("override.no_evaluation", indicatorCode, FiscalYears.eraName(fiscalYear)));
                }
                List<String> labels = Jdbc.strings(rs.getArray("grade_labels"));
                BigDecimal[] thresholds = (BigDecimal[]) rs.getArray("grade_thresholds").getArray();
                GradeWords words = new GradeWords(labels, Plan.levelGrades(labels.size(), Arrays.asList(thresholds),
                        rs.getBigDecimal("achieved_threshold"), rs.getBigDecimal("mostly_threshold")));
                return new Graded(rs.getBoolean("target_set"), rs.getString("grade"),
                        (Long) rs.getObject("result_id"), words);
            }
        }
    }

    private static Optional<Map<String, Object>> current(Connection c, String planCode, String indicatorCode,
                                                         int fiscalYear, GradeWords words) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("current"))) {
            Jdbc.bind(ps, planCode, indicatorCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Integer level = (Integer) rs.getObject("final_level");
                Map<String, Object> state = state(words, rs.getString("computed_grade"), rs.getString("final_grade"),
                        level, rs.getString("reason"));
                state.put("set_by", rs.getString("set_by"));
                state.put("set_at", rs.getTimestamp("set_at").toInstant().toString());
                state.put(RESULT, rs.getObject("result_id")); // for the repeat check only, not audited
                state.put(LEVEL, level); // idem: the audit names the step by final_word
                return Optional.of(state);
            }
        }
    }

    /**
     * What the audit log keeps: the computed grade, the final grade (null: none) and its reason; of a plan of four
     * levels also the word chosen (final_word: D, where final_grade says 未達成 of C and D alike).
     */
    private static Map<String, Object> state(GradeWords words, String computed, String finalGrade, Integer level,
                                             String reason) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("computed_grade", computed);
        state.put("final_grade", finalGrade);
        if (words.labels().size() == 4) {
            state.put("final_word", words.label(finalGrade, level));
        }
        state.put("reason", reason);
        return state;
    }

    /** The current row's fields kept for the checks, taken out before the row is audited. */
    private static void internalOnly(Map<String, Object> state) {
        state.remove(RESULT);
        state.remove(LEVEL);
    }

    private static AuditEntry entry(Actor actor, AuditAction action, String planCode, String indicatorCode,
                                    int fiscalYear, Map<String, Object> before, Map<String, Object> after) {
        return new AuditEntry(actor.login(), actor.role(), action, planCode, fiscalYear, null, indicatorCode, before,
                after, actor.remoteAddress());
    }

    private static void bump(Connection c, String planCode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("bumpEvaluationVersion"))) {
            ps.setString(1, planCode);
            ps.executeUpdate();
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException, Refused;
    }

    private void inTransaction(Work work) throws SQLException, Refused {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | Refused | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
