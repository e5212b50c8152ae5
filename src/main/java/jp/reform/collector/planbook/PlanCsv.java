package jp.reform.collector.planbook;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The plan files as the bundled plans are written (see the data README): UTF-8 without BOM, one header
 * row, LF after every record (the last one too), fields separated by commas and quoted only when they hold
 * a comma, a double quote or a line break, quotes inside doubled (RFC 4180).
 *
 * <p>Written by hand rather than with commons-csv: its MINIMAL quote mode also quotes an empty first field
 * and fields starting with a space, '!', '"' or '#', which the bundled files do not, so a round trip would
 * not give the same bytes.
 */
public final class PlanCsv {

    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private PlanCsv() {
    }

    public static byte[] write(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        record(out, header);
        rows.forEach(row -> record(out, row));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void record(StringBuilder out, List<String> fields) {
        if (fields.size() == 1 && fields.get(0).isEmpty()) {
            out.append("\"\"\n"); // a lone empty field would be an empty line, which readers skip
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                out.append(field);
            }
        }
        out.append('\n');
    }

    /** Reads the files of a plan folder as the loader would find them; problems of CSV syntax are listed. */
    public static PlanTables.Read readFolder(Path folder) {
        List<PlanTable> tables = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (PlanFile file : PlanFile.values()) {
            Path path = folder.resolve(file.fileName());
            if (!Files.isRegularFile(path)) {
                if (file.required()) {
                    problems.add(Problem.of(Place.line(file.fileName(), 0, null), "file_missing", file.fileName()));
                }
                continue;
            }
            PlanTable table = readFile(file, path, problems);
            if (table != null) {
                tables.add(table);
            }
        }
        return new PlanTables.Read(new PlanTables(tables), problems);
    }

    private static PlanTable readFile(PlanFile file, Path path, List<Problem> problems) {
        String name = file.fileName();
        String text;
        try {
            text = decode(Files.readAllBytes(path));
        } catch (IOException e) {
            problems.add(Problem.of(Place.line(name, 0, null), "csv_unreadable", e.getMessage()));
            return null;
        }
        if (text == null) {
            problems.add(Problem.of(Place.line(name, 0, null), "csv_encoding"));
            return null;
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        List<String> header = null;
        List<PlanTable.Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                int line = (int) parser.getCurrentLineNumber();
                List<String> values = new ArrayList<>(record.toList());
                if (header == null) {
                    header = values.stream().map(String::strip).toList();
                    Set<String> seen = new HashSet<>();
                    for (String column : header) {
                        if (!seen.add(column)) {
                            problems.add(Problem.of(Place.line(name, line, column), "column_duplicate", column,
                                    PlanColumns.header(file, column)));
                        }
                    }
                    continue;
                }
                if (values.size() == 1 && values.get(0).isBlank()) {
                    continue;
                }
                if (values.size() != header.size()) {
                    problems.add(Problem.of(Place.line(name, line, null), "csv_field_count", values.size(), header.size()));
                    while (values.size() < header.size()) {
                        values.add("");
                    }
                    values = values.subList(0, header.size());
                }
                rows.add(new PlanTable.Row(line, List.copyOf(values)));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            problems.add(Problem.of(Place.line(name, 0, null), "csv_unreadable", String.valueOf(e.getMessage())));
            return null;
        }
        if (header == null) {
            problems.add(Problem.of(Place.line(name, 0, null), "csv_empty"));
            return null;
        }
        return new PlanTable(file, header, rows, (line, column) -> Place.line(name, line, column), Set.of());
    }

    /** UTF-8 (a BOM is skipped) or, as Excel saves CSV on Japanese Windows, Windows-31J; null if neither. */
    static String decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        ByteBuffer content = ByteBuffer.wrap(bytes, start, bytes.length - start);
        for (Charset charset : List.of(StandardCharsets.UTF_8, WINDOWS_31J)) {
            try {
                return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(content.duplicate()).toString();
            } catch (CharacterCodingException e) {
                // try the next encoding
            }
        }
        return null;
    }
}
