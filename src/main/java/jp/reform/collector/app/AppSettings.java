package jp.reform.collector.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings from config/application.properties, each overridable by an environment variable of the same
 * name in upper case with dots and dashes as underscores (db.url → DB_URL), and last by the command line.
 */
public final class AppSettings {

    private final Properties properties = new Properties();
    private final Path home;
    private final Path configDir;

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
        for (String key : settings.properties.stringPropertyNames()) {
            String override = environment.get(environmentName(key));
            if (override != null) {
                settings.properties.setProperty(key, override);
            }
        }
        return settings;
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
