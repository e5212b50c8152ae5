package jp.reform.collector.domain;

/** How serious a finding is: errors reject the whole file, warnings are loaded and reported. */
public enum Severity {
    ERROR,
    WARNING,
    INFO
}
