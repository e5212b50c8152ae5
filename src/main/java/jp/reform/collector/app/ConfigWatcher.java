package jp.reform.collector.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.ConfigSnapshot;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.RoundsLoader;
import jp.reform.collector.observe.CollectorHealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows config/ for serve: when the master data, rounds or holidays change and then stay unchanged for the
 * settle time (a hand edit may be saved in steps), parses them as a start does, without the database, and
 * hands them to serve to take up. A change that does not load is logged once and kept out; serve goes on
 * with what it has. Settings (application.properties) are read at the start only: a change is only reported.
 * Also the state behind the {@code config} health check.
 */
final class ConfigWatcher implements CollectorHealthChecks.ConfigState {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** Master data, rounds and holidays parsed from one state of config/, ready to be taken up. */
    record Change(ConfigSnapshot snapshot, MasterData master, List<CollectionRound> rounds, List<String> files,
                  long requestedNanos) {
    }

    /** What serve does with a change that loads. */
    interface Serve {
        /**
         * Null when serve can stop its routes now; else what the reload waits for, as in "taken up after the
         * overnight run" (the run under way or due, or the database not answering: the routes would be stopped
         * and started again at every look, and the console and health go dark each time, for nothing).
         */
        String reloadWaitsFor();

        /** Takes the change up; false when serve is stopping or not running yet (asked again later). */
        boolean reload(Change change);
    }

    private final Path configDir;
    private final ConfigSnapshot atStart;
    private final Duration settle;
    /** config/ as it was when the master data in use was read. */
    private volatile ConfigSnapshot inUse;
    /** The last state seen that differs from the one in use, and when it was first seen. */
    private ConfigSnapshot seen;
    private long seenAtNanos;
    /** A state that did not load, and the loader's message. */
    private volatile ConfigSnapshot failed;
    private volatile String failure;
    private ConfigSnapshot settingsReported;
    private String waitReported;

    ConfigWatcher(Path configDir, ConfigSnapshot atStart, Duration settle) {
        this.configDir = configDir;
        this.atStart = atStart;
        this.inUse = atStart;
        this.settle = settle;
    }

    /**
     * One look at config/; returns how long to wait before the next one: the settle time while a change is
     * settling, else {@code interval}.
     */
    synchronized Duration check(Serve serve, Duration interval) {
        ConfigSnapshot now = ConfigSnapshot.of(configDir);
        if (!now.readable()) {
            return settle; // a plan import renaming its folder this instant
        }
        reportSettings(now);
        List<String> changed = masterData(inUse.changedIn(now));
        if (changed.isEmpty()) {
            seen = null;
            return interval;
        }
        if (!now.sameAs(seen)) {
            seen = now;
            seenAtNanos = System.nanoTime();
            waitReported = null;
            return settle;
        }
        Duration unchanged = Duration.ofNanos(System.nanoTime() - seenAtNanos);
        if (unchanged.compareTo(settle) < 0) {
            return settle.minus(unchanged);
        }
        if (now.sameAs(failed)) {
            return interval; // said once already; the next edit is looked at again
        }
        Change change;
        try {
            MasterData master = new MasterDataLoader().load(configDir);
            List<CollectionRound> rounds = new RoundsLoader().load(configDir, master);
            HolidayCalendar.inConfig(configDir); // the console's review reads it even without rounds
            change = new Change(now, master, rounds, changed, System.nanoTime());
        } catch (RuntimeException e) {
            failed = now;
            failure = LogText.cause(e);
            LOG.error("config/ changed ({}) but does not load, so serve goes on with the master data it has: {}",
                    String.join(", ", changed), failure);
            return interval;
        }
        String waitsFor = serve.reloadWaitsFor();
        if (waitsFor != null) {
            if (!waitsFor.equals(waitReported)) {
                waitReported = waitsFor;
                LOG.info("config/ changed ({}): taken up {}", String.join(", ", changed), waitsFor);
            }
            return settle;
        }
        return serve.reload(change) ? interval : settle;
    }

    /** Serve works with the master data of this state of config/ now. */
    void inUse(ConfigSnapshot snapshot) {
        inUse = snapshot;
    }

    private void reportSettings(ConfigSnapshot now) {
        List<String> settings = settings(atStart.changedIn(now));
        if (!settings.isEmpty() && !now.sameAs(settingsReported)) {
            settingsReported = now;
            LOG.warn("config/ changed ({}): settings are read at the start only; restart serve to use them",
                    String.join(", ", settings));
        }
    }

    @Override
    public List<String> changed() {
        ConfigSnapshot now = ConfigSnapshot.of(configDir);
        TreeSet<String> names = new TreeSet<>(masterData(inUse.changedIn(now)));
        names.addAll(settings(atStart.changedIn(now)));
        return List.copyOf(names);
    }

    @Override
    public String why(List<String> changed) {
        boolean settings = changed.stream().anyMatch(name -> !ConfigSnapshot.isMasterData(name));
        boolean master = changed.stream().anyMatch(ConfigSnapshot::isMasterData);
        String restart = "settings are read at the start only; restart the collector to use them";
        if (!master) {
            return restart;
        }
        String masterWhy = ConfigSnapshot.of(configDir).sameAs(failed)
                ? "it does not load, so files are still checked against the master data in use: " + failure
                : "the collector takes it up once the files have not changed for " + settle.toSeconds() + " s";
        return settings ? masterWhy + "; " + restart : masterWhy;
    }

    private static List<String> masterData(List<String> names) {
        return names.stream().filter(ConfigSnapshot::isMasterData).toList();
    }

    private static List<String> settings(List<String> names) {
        return names.stream().filter(name -> !ConfigSnapshot.isMasterData(name)).toList();
    }
}
