package jp.reform.collector.fault;

import jp.reform.collector.app.OvernightRun;
import org.apache.camel.Exchange;

/**
 * A step put into a copy of the overnight-run route by a test: it fails the way a real step can when the
 * heap is too small, which no test can make happen on demand in a real step.
 */
public final class FailingStep {

    public void outOfMemory(Exchange exchange) {
        exchange.setProperty(OvernightRun.STEP, "write summary workbooks");
        throw new OutOfMemoryError("Java heap space");
    }
}
