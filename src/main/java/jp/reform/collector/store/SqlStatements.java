package jp.reform.collector.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Named SQL statements kept in a resource file, each introduced by a line {@code -- name: key}. Public for
 * the read models outside this package (the console), which keep their SQL in resources the same way.
 */
public final class SqlStatements {

    private final String resource;
    private final Map<String, String> statements = new HashMap<>();

    private SqlStatements(String resource) {
        this.resource = resource;
    }

    public static SqlStatements load(String resource) {
        SqlStatements sql = new SqlStatements(resource);
        try (InputStream in = SqlStatements.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("SQL resource not found: " + resource);
            }
            String name = null;
            StringBuilder body = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("-- name:")) {
                    sql.put(name, body);
                    name = line.substring("-- name:".length()).strip();
                    body.setLength(0);
                } else if (name != null && !line.startsWith("--")) {
                    body.append(line).append('\n');
                }
            }
            sql.put(name, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sql;
    }

    private void put(String name, StringBuilder body) {
        if (name != null) {
            statements.put(name, body.toString().strip());
        }
    }

    public String get(String name) {
        String statement = statements.get(name);
        if (statement == null) {
            throw new IllegalStateException("No statement " + name + " in " + resource);
        }
        return statement;
    }
}
