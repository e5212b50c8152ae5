package jp.reform.collector.receipt;

/**
 * A result whose shown value or self-assessment the submission changed (「旧 → 新」); "－" where a value was
 * blank. {@code oldActual} and {@code newActual} are null when only the self-assessment changed;
 * {@code oldAssessment} and {@code newAssessment} null when it did not. {@code reportedBy} names the other 課
 * whose report of a shared indicator the old value was (「100（職員課の報告）→ 98」); null when it was the 課's own.
 */
public record ResultChange(String indicatorCode, String indicatorName, int fiscalYear, String oldActual,
                           String newActual, String oldAssessment, String newAssessment, String reportedBy) {

    public ResultChange(String indicatorCode, String indicatorName, int fiscalYear, String oldActual,
                        String newActual, String oldAssessment, String newAssessment) {
        this(indicatorCode, indicatorName, fiscalYear, oldActual, newActual, oldAssessment, newAssessment, null);
    }

    /** A change of the value alone (a held file's list). */
    public ResultChange(String indicatorCode, String indicatorName, int fiscalYear, String oldActual,
                        String newActual) {
        this(indicatorCode, indicatorName, fiscalYear, oldActual, newActual, null, null, null);
    }
}
