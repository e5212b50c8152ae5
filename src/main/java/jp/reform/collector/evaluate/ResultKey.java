package jp.reform.collector.evaluate;

/** An indicator in a fiscal year. */
public record ResultKey(String indicatorCode, int fiscalYear) {
}
