package jp.reform.collector.app;

/**
 * Hands the home and the time zone to the logging configuration (log4j2.xml reads them as system
 * properties): the log file goes to {@code <home>/logs/} and log times are in {@code collector.zone}.
 * Must run before the first logger is created; later calls change nothing once logging has started.
 */
final class LogSetup {

    private LogSetup() {
    }

    static void beforeFirstLog(AppSettings settings) {
        System.setProperty("collector.home", settings.home().toString());
        System.setProperty("collector.zone", settings.get("collector.zone", "Asia/Tokyo"));
    }
}
