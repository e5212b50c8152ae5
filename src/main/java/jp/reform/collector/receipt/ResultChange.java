package jp.reform.collector.receipt;

/**
 * A result whose shown value or self-assessment the submission changed (「旧 → 新」); "－" where a value was
 * blank. {@code oldActual} and {@code newActual} are null when only the self-assessment changed;
 * {@code oldAssessment} and {@code newAssessment} null when it did not.
 */
public record ResultChange(String indicatorCode, String indicatorName, int fiscalYear, String oldActual,
                           String newActual, String oldAssessment, String newAssessment) {

    /** A change of the value alone (a held file's list). */
    public ResultChange(String indicatorCode, String indicatorName, int fiscalYear, String oldActual,
                        String newActual) {
        this(indicatorCode, indicatorName, fiscalYear, oldActual, newActual, null, null);
    }
}
