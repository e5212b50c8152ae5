package jp.reform.collector.receipt;

import java.util.List;

/**
 * What an accepted file did to the stored results, bounded however long the file: counts, and only the
 * first changed values.
 *
 * @param rows              the file's results (one per indicator and year)
 * @param added             of those, new or changed (stored as a new version)
 * @param changedValues     the first results whose value changed, in file order
 * @param changedValueCount all results whose value changed, also those not listed
 * @param replacedReports   results of shared indicators whose current report, another 課's, the file replaced
 *                          (also those whose value stayed)
 * @param replacedOf        those other 課
 */
public record LoadedRows(int rows, int added, List<ResultChange> changedValues, int changedValueCount,
                         int replacedReports, List<String> replacedOf) {

    public static final LoadedRows NONE = new LoadedRows(0, 0, List.of(), 0);

    public LoadedRows {
        changedValues = List.copyOf(changedValues);
        replacedOf = List.copyOf(replacedOf);
    }

    public LoadedRows(int rows, int added, List<ResultChange> changedValues, int changedValueCount) {
        this(rows, added, changedValues, changedValueCount, 0, List.of());
    }
}
