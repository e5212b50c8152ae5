package jp.reform.collector.evaluate;

import jp.reform.collector.domain.Severity;

/** Something about a result the administrative division should look at (code as in the status flags). */
public record Flag(String code, Severity severity, String message) {
}
