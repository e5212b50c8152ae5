package jp.reform.collector.fault;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that runs collectors as separate processes. Such tests mostly wait for those processes, so in each
 * test JVM they run beside the in-JVM tests (src/test/resources/junit-platform.properties), but one at a time, so
 * that their collectors' start-ups do not crowd the two cores. They must not print: tests beside them read the
 * standard streams (Cli).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("collector processes")
@interface RunsCollectorProcesses {
}
