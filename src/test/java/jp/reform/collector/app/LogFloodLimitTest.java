package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The application's own log4j2.xml (as serve runs it; the tests log through log4j2-test.xml): what anyone who
 * can reach the console's port can make Vert.x log at ERROR with a stack trace reaches the log five times in
 * five minutes, not once per request.
 */
class LogFloodLimitTest {

    @Test
    void fiftyAbortedUploadsOrMalformedAddressesLeaveFiveLinesEachInTheLog() throws Exception {
        LoggerContext context = new LoggerContext("log-flood-limit", null,
                LogFloodLimitTest.class.getResource("/log4j2.xml").toURI());
        List<String> logged = new CopyOnWriteArrayList<>();
        try {
            context.start();
            AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    logged.add(event.getLoggerName());
                }
            };
            capture.start();
            var root = context.getConfiguration().getRootLogger();
            root.removeAppender("console");
            root.addAppender(capture, null, null);
            context.updateLoggers();

            Logger vertx = context.getLogger("io.vertx.core.impl.ContextImpl");
            Logger router = context.getLogger("io.vertx.ext.web.RoutingContext");
            for (int i = 0; i < 50; i++) {
                vertx.error("Unhandled exception", new IllegalStateException("File handle is closed"));
                router.error("Unhandled exception in router", new IllegalArgumentException("Invalid URL"));
            }
        } finally {
            context.stop();
        }
        assertThat(logged.stream().filter("io.vertx.core.impl.ContextImpl"::equals)).hasSize(5);
        assertThat(logged.stream().filter("io.vertx.ext.web.RoutingContext"::equals)).hasSize(5);
    }
}
