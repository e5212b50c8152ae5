package jp.reform.collector.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The migration versions this build ships (db/migration/V&lt;n&gt;__*.sql) and those a database has applied. */
final class SchemaVersions {

    private static final String FOLDER = "db/migration";
    private static final Pattern MIGRATION = Pattern.compile("(?:.*/)?V(\\d+(?:[._]\\d+)*)__[^/]*\\.sql");

    private SchemaVersions() {
    }

    /** Versions as Flyway writes them (1, 2 … or 1.1); empty when they cannot be listed (then migrate). */
    static Set<String> shipped() {
        Set<String> versions = new HashSet<>();
        URL folder = SchemaVersions.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            return versions;
        }
        try {
            if ("jar".equals(folder.getProtocol())) {
                JarFile jar = ((JarURLConnection) folder.openConnection()).getJarFile();
                jar.stream().forEach(entry -> add(versions, entry.getName()));
            } else if ("file".equals(folder.getProtocol())) {
                try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                    files.forEach(file -> add(versions, FOLDER + "/" + file.getFileName()));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Set.of();
        }
        return versions;
    }

    private static void add(Set<String> versions, String name) {
        Matcher m = MIGRATION.matcher(name);
        if (name.startsWith(FOLDER + "/") && m.matches()) {
            versions.add(m.group(1).replace('_', '.'));
        }
    }

    /** Versions the database has applied successfully; empty without a schema history. */
    static Set<String> applied(Database database) throws SQLException {
        Set<String> versions = new HashSet<>();
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
                if (!exists.next() || !exists.getBoolean(1)) {
                    return versions;
                }
            }
            try (ResultSet rs = s.executeQuery("select version from flyway_schema_history where success and version is not null")) {
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
            }
        }
        return versions;
    }
}
