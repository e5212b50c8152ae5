package jp.reform.collector.receipt;

/** A result whose shown value the submission changed (「旧 → 新」); "－" where a value was blank. */
public record ResultChange(String indicatorCode, String indicatorName, int fiscalYear, String oldActual,
                           String newActual) {
}
