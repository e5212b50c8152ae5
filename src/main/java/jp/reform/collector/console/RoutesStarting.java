package jp.reform.collector.console;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * The moment a context's routes start: its HTTP servers listen by then (platform-http creates them while the
 * routes start), and neither exist when the context is only initialised. Console set-up that works on a server
 * registers here, so that it is in place before anybody has been told the console is up.
 */
final class RoutesStarting {

    private RoutesStarting() {
    }

    /** Runs {@code step} each time the routes of {@code context} start (again after a reload of config/). */
    static void each(CamelContext context, Runnable step) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextRoutesStartingEvent) {
                    step.run();
                }
            }
        });
    }
}
