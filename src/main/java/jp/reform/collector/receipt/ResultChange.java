package jp.reform.collector.receipt;

/** A result of the submission compared with what was stored before (old text null when new). */
public record ResultChange(String indicatorCode, String indicatorName, int fiscalYear, String oldActual,
                           String newActual, boolean changed) {
}
