package jp.reform.collector.read;

/** A column of a department's results table that the read stage recognises by its header name. */
public enum Field {
    INDICATOR_CODE("指標コード"),
    FISCAL_YEAR("年度"),
    ACTUAL("実績値"),
    STATUS_TEXT("取組状況"),
    OUTCOME("成果と課題"),
    NEXT_STEPS("今後の取組"),
    SELF_ASSESSMENT("自己評価"),
    DEPARTMENT("担当課"),
    INDICATOR_NAME("成果指標"),
    UNIT("単位"),
    TARGET("目標値");

    private final String label;

    Field(String label) {
        this.label = label;
    }

    /** The column name as departments know it, for messages. */
    public String label() {
        return label;
    }
}
