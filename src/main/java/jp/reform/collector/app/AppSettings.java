package jp.reform.collector.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.quartz.CronExpression;

/**
 * Settings from config/application.properties, each overridable by an environment variable of the same
 * name in upper case with dots and dashes as underscores (db.url → DB_URL), and last by the command line.
 */
public final class AppSettings {

    /**
     * The settings the collector reads: every key of the shipped config/application.properties (set or in a
     * comment), copied into the jar by the build, and the few read only for their old names.
     */
    private static final String SHIPPED = "shipped/application.properties";
    private static final Set<String> OLD_NAMES = Set.of("intake.read-lock-check-ms", "intake.read-lock-timeout-ms",
            "mail.send.max-attempts");
    private static final Pattern KEY_LINE = Pattern.compile("^#?\\s*([a-z][a-z0-9.-]*[a-z0-9])\\s*=");

    private final Properties properties = new Properties();
    private final Path home;
    private final Path configDir;
    /** The keys the file sets, and the environment the settings were read with (for {@link #warnings}). */
    private Set<String> fileKeys = Set.of();
    private Map<String, String> environment = Map.of();

    private AppSettings(Path home, Path configDir) {
        this.home = home.toAbsolutePath().normalize();
        this.configDir = this.home.resolve(configDir).normalize();
    }

    /** Settings whose relative paths resolve from the working directory (tests, tools). */
    public static AppSettings load(Path configDir, Map<String, String> environment) {
        return load(Path.of(""), configDir, environment);
    }

    /** Settings of an application home: relative paths, the config folder included, resolve from it. */
    public static AppSettings load(Path home, Path configDir, Map<String, String> environment) {
        AppSettings settings = new AppSettings(home, configDir);
        Path file = settings.configDir.resolve("application.properties");
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                settings.properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        settings.fileKeys = Set.copyOf(settings.properties.stringPropertyNames());
        settings.environment = environment;
        for (String key : settings.properties.stringPropertyNames()) {
            String override = environment.get(environmentName(key));
            if (override != null) {
                settings.properties.setProperty(key, override);
            }
        }
        return settings;
    }

    /**
     * Refuses, naming the setting, a value every command would fail on later in a way that does not say which
     * setting it was: a stack trace, or every file of the inbox quarantined for a mail that cannot be composed.
     */
    public AppSettings check() {
        String zone = get("collector.zone", "Asia/Tokyo");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Setting collector.zone must be a time zone such as Asia/Tokyo, found "
                    + zone);
        }
        for (String key : List.of("mail.from", "mail.collection-address")) {
            String address = get(key, null);
            if (address != null) {
                try {
                    InternetAddress parsed = new InternetAddress(address, true);
                    parsed.validate();
                } catch (AddressException e) {
                    throw new IllegalArgumentException("Setting " + key + " must be an e-mail address, alone "
                            + "(gyokaku@city.example.jp) or with a name (行政経営課 <gyokaku@city.example.jp>), found "
                            + address + " (" + e.getMessage() + ")");
                }
            }
        }
        String cron = get("overnight.cron", null);
        if (cron != null && !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("Setting overnight.cron must be a Quartz cron expression such as "
                    + "0 0 2 * * ? (seconds minutes hours day-of-month month day-of-week), found " + cron);
        }
        if (getInt("overnight.catch-up-check-seconds", 60) < 1) {
            throw new IllegalArgumentException("Setting overnight.catch-up-check-seconds must be 1 or more, found "
                    + get("overnight.catch-up-check-seconds", null));
        }
        for (String key : List.of("http.port", "http.management-port")) {
            int port = getInt(key, 8080);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Setting " + key + " must be a port from 1 to 65535, found " + port);
            }
        }
        return this;
    }

    /**
     * What the operator should know of the file: a key the collector does not read (a misspelling such as
     * mail.smpt.host takes no effect, nor does the environment variable of the key meant), and an environment
     * variable of a setting the file has no line for (it is not used: the file's line is what it overrides).
     */
    public List<String> warnings() {
        Set<String> known = knownKeys();
        if (known.isEmpty()) {
            return List.of(); // a build without the shipped file: nothing to compare with
        }
        Path file = configDir.resolve("application.properties");
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeSet<>(fileKeys)) {
            if (!known.contains(key)) {
                String closest = closest(key, known);
                warnings.add("Setting " + key + " in " + file + " is not one the collector reads, so it has no effect"
                        + (closest != null ? " (did you mean " + closest + "?)" : ""));
            }
        }
        String shown = get("collector.inbox-shown-to-departments", "");
        if (shown.startsWith("\\") && !shown.startsWith("\\\\")) {
            // \\server\share written with single backslashes: the file's reading took them for escapes
            warnings.add("Setting collector.inbox-shown-to-departments reads " + shown + ": in " + file
                    + " write each backslash twice (\\\\\\\\fileserver\\\\行革実績\\\\inbox for \\\\fileserver\\行革実績\\inbox)");
        }
        for (String key : new TreeSet<>(known)) {
            String variable = environmentName(key);
            if (!fileKeys.contains(key) && environment.containsKey(variable)) {
                warnings.add("Environment variable " + variable + " is not used: " + file + " has no line " + key
                        + "=, and the environment only overrides the file's lines; add the line (its value may be empty)");
            }
        }
        return warnings;
    }

    private static Set<String> knownKeys() {
        Set<String> known = new HashSet<>(OLD_NAMES);
        try (InputStream in = AppSettings.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                return Set.of();
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                Matcher m = KEY_LINE.matcher(line.strip());
                if (m.find()) {
                    known.add(m.group(1));
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        return known;
    }

    /** The known key a misspelt one most likely meant: at most two letters apart (smpt / smtp). */
    private static String closest(String key, Set<String> known) {
        LevenshteinDistance withinTwo = new LevenshteinDistance(2);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int d = withinTwo.apply(key, candidate);
            if (d >= 0 && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** db.url → DB_URL, intake.poll-delay-ms → INTAKE_POLL_DELAY_MS. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A command-line value wins over file and environment; null leaves the setting as it is. */
    public AppSettings override(String key, Object value) {
        if (value != null) {
            properties.setProperty(key, value.toString());
        }
        return this;
    }

    /** The city's time zone (collector.zone): its days, deadlines, log and file stamps. */
    public ZoneId zone() {
        return ZoneId.of(get("collector.zone", "Asia/Tokyo"));
    }

    public String get(String key, String defaultValue) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    public int getInt(String key, int defaultValue) {
        String value = get(key, null);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number, found " + value);
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String value = get(key, null);
        if (value == null) {
            return defaultValue;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Setting " + key + " must be true or false, found " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** A folder or file setting, resolved from the home when relative. */
    public Path path(String key, String defaultValue) {
        return home.resolve(get(key, defaultValue)).normalize();
    }

    public Path home() {
        return home;
    }

    public Path configDir() {
        return configDir;
    }

    /** Every setting, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
