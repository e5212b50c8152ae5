package jp.reform.collector.master;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of config/ that a start reads once (settings, departments, rounds, holidays, plans), by size and
 * modified time: enough to tell a running serve that what it validates with is no longer what config/ says
 * (a {@code plan import}, an edited rounds.csv), without reading the files. users.csv is left out: serve
 * picks it up as it changes. Only files directly in config/ and under plans/ count: the backups and staging
 * folders of {@code plan import} are beside them.
 */
public final class ConfigSnapshot {

    private static final String USERS_FILE = "users.csv";
    private static final String PLANS_FOLDER = MasterDataLoader.PLANS_FOLDER;

    private record Stamp(long size, long modifiedMillis) {
    }

    private final Path configDir;
    /** Null when the folder could not be read. */
    private final Map<String, Stamp> files;

    private ConfigSnapshot(Path configDir, Map<String, Stamp> files) {
        this.configDir = configDir;
        this.files = files;
    }

    public static ConfigSnapshot of(Path configDir) {
        Map<String, Stamp> files = new TreeMap<>();
        try {
            if (Files.isDirectory(configDir)) {
                try (Stream<Path> top = Files.list(configDir)) {
                    for (Path file : top.toList()) {
                        String name = file.getFileName().toString();
                        if (!name.startsWith(".") && !name.startsWith(USERS_FILE)) {
                            stamp(configDir, file, files);
                        }
                    }
                }
                Path plans = configDir.resolve(PLANS_FOLDER);
                if (Files.isDirectory(plans)) {
                    try (Stream<Path> walk = Files.walk(plans)) {
                        for (Path file : walk.toList()) {
                            stamp(configDir, file, files);
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return new ConfigSnapshot(configDir, null); // changing this instant (a plan import's rename): no answer
        }
        return new ConfigSnapshot(configDir, files);
    }

    private static void stamp(Path configDir, Path file, Map<String, Stamp> files) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                files.put(name(configDir.relativize(file)), new Stamp(attributes.size(),
                        attributes.lastModifiedTime().toMillis()));
            }
        } catch (IOException e) {
            // removed since it was listed: absent from this snapshot, as it is from the folder
        }
    }

    private static String name(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    /**
     * The files (relative to config/, with /) added, removed or changed since this snapshot, in name order;
     * empty also when either look could not read the folder (the next look tells).
     */
    public List<String> changedNow() {
        return changedIn(of(configDir));
    }

    /** As {@link #changedNow()}, against a later snapshot of the same folder. */
    public List<String> changedIn(ConfigSnapshot later) {
        if (files == null || later.files == null) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>(files.keySet());
        names.addAll(later.files.keySet());
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(files.get(name), later.files.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }

    /** The folder could be read (a plan import renaming a folder at that instant makes a look unreadable). */
    public boolean readable() {
        return files != null;
    }

    /** Both looks read the folder and found the same files, sizes and times. */
    public boolean sameAs(ConfigSnapshot other) {
        return other != null && files != null && files.equals(other.files);
    }

    /**
     * A file of the master data (departments, rounds, holidays, plans), which serve can take up while it runs;
     * the others (application.properties) are settings read at the start only.
     */
    public static boolean isMasterData(String name) {
        return name.equals(MasterDataLoader.DEPARTMENTS_FILE) || name.equals(RoundsLoader.ROUNDS_FILE)
                || name.equals(HolidayCalendar.FILE)
                || name.startsWith(PLANS_FOLDER + "/");
    }
}
