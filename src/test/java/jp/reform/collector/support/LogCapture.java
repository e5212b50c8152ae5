package jp.reform.collector.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log lines of some loggers while a test runs, each as "LEVEL message" exactly as formatted (a raw
 * line break in a message stays in it, so that a test can look for one).
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers = new ArrayList<>();
    private final AbstractAppender appender;

    /** @param loggerNames logger names, usually a class's name (Camel's log EIP uses its logName) */
    public LogCapture(String... loggerNames) {
        appender = new AbstractAppender("capture-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        for (String name : loggerNames) {
            Logger logger = (Logger) LogManager.getLogger(name);
            logger.addAppender(appender);
            loggers.add(logger);
        }
    }

    public LogCapture(Class<?>... types) {
        this(java.util.Arrays.stream(types).map(Class::getName).toArray(String[]::new));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.removeAppender(appender));
        appender.stop();
    }
}
