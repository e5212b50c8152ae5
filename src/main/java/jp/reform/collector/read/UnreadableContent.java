package jp.reform.collector.read;

import jp.reform.collector.domain.Finding;

/** The file's content cannot be read; the finding says why, for the department. */
final class UnreadableContent extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Finding finding;

    UnreadableContent(Finding finding, Throwable cause) {
        super(finding.code() + ": " + finding.message(), cause);
        this.finding = finding;
    }

    UnreadableContent(Finding finding) {
        this(finding, null);
    }

    Finding finding() {
        return finding;
    }
}
