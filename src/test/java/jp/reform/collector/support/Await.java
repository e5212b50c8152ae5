package jp.reform.collector.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for what a running collector does by itself (a file archived, a reload taken up), up to 90 s. */
public final class Await {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    private Await() {
    }

    public static void until(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + LIMIT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }
}
