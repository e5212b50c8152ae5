package jp.reform.collector.planbook;

/** Names the plan workbook's writer and reader share. */
final class PlanWorkbook {

    static final String SHEET_GUIDE = "記入方法";
    /** Very hidden: the layout version and the optional columns the export added. */
    static final String SHEET_META = "_meta";
    static final String LAYOUT = "plan-workbook";
    static final int LAYOUT_VERSION = 1;
    /** Meta key prefix: offered.indicators.csv = min_value,max_value. */
    static final String OFFERED_PREFIX = "offered.";

    /** 0-based rows of a data sheet: Japanese headers, CSV column names, then the data. */
    static final int HEADER_ROW = 0;
    static final int NAME_ROW = 1;
    static final int FIRST_DATA_ROW = 2;

    /** Excel's limit for the text of one cell. */
    static final int MAX_CELL_CHARS = 32_767;

    private PlanWorkbook() {
    }
}
