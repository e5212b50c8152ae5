package jp.reform.collector.master;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A small master-data CSV file read whole, with line numbers for error messages. Accepts UTF-8 with or
 * without BOM and, because the administrative division edits these files in Excel, Windows-31J.
 */
final class CsvTable {

    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private final Path file;
    private final List<Row> rows;
    private final List<String> header;

    private CsvTable(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /**
     * One data row; {@link #line} is the physical line number shown in messages. Its values are an array
     * beside the table's shared header, not a map per row: a plan's targets.csv has hundreds of thousands.
     */
    static final class Row {

        private final Path file;
        private final long line;
        private final List<String> header;
        private final String[] values;

        Row(Path file, long line, List<String> header, String[] values) {
            this.file = file;
            this.line = line;
            this.header = header;
            this.values = values;
        }

        Path file() {
            return file;
        }

        long line() {
            return line;
        }

        /** Column → value, in header order. */
        Map<String, String> values() {
            Map<String, String> map = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < values.length; i++) {
                map.put(header.get(i), values[i]);
            }
            return map;
        }

        String get(String column) {
            int i = header.indexOf(column);
            String value = i < 0 || i >= values.length ? null : values[i];
            return value == null ? "" : value.strip();
        }

        Optional<String> optional(String column) {
            String value = get(column);
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        String required(String column) {
            String value = get(column);
            if (value.isEmpty()) {
                throw fail("column " + column + " is empty");
            }
            return value;
        }

        List<String> list(String column) {
            return get(column).isEmpty() ? List.of()
                    : Arrays.stream(get(column).split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        MasterDataException fail(String problem) {
            return new MasterDataException(file, line, problem);
        }

        /** file:line, as a failure names the row. */
        String where() {
            return file + ":" + line;
        }
    }

    /** What is done with each row of a file read row by row. */
    interface RowHandler {
        void row(Row row);
    }

    static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }

    static CsvTable read(Path file, String... requiredColumns) {
        return read(file, false, requiredColumns);
    }

    /**
     * Like {@link #read(Path, String...)}, but lines starting with {@code #} are comments: files the city
     * extends by hand (holidays.csv) explain themselves at the top. Line numbers still count them.
     */
    static CsvTable readWithComments(Path file, String... requiredColumns) {
        return read(file, true, requiredColumns);
    }

    private static CsvTable read(Path file, boolean comments, String... requiredColumns) {
        List<Row> rows = new ArrayList<>();
        List<String> header = parse(file, comments, rows::add, requiredColumns);
        return new CsvTable(file, header, rows);
    }

    /**
     * Hands each row to the handler as it is parsed, holding none of them: for the large files of a plan
     * (indicators, targets). Returns the header.
     */
    static List<String> forEachRow(Path file, RowHandler handler, String... requiredColumns) {
        return parse(file, false, handler, requiredColumns);
    }

    private static List<String> parse(Path file, boolean comments, RowHandler handler, String... requiredColumns) {
        if (!Files.isRegularFile(file)) {
            throw new MasterDataException(file, "file not found");
        }
        Charset charset = charsetOf(file);
        CSVFormat.Builder builder = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true);
        if (comments) {
            builder.setCommentMarker('#');
        }
        CSVFormat format = builder.get();
        try (Reader text = reader(file, charset); CSVParser parser = parser(file, text, format)) {
            List<String> header = parser.getHeaderNames().stream().map(String::strip).toList();
            for (String column : requiredColumns) {
                if (!header.contains(column)) {
                    throw new MasterDataException(file, 1, "missing column " + column + " (header is " + header + ")");
                }
            }
            Iterator<CSVRecord> records = parser.iterator();
            for (CSVRecord record; (record = next(file, records)) != null; ) {
                if (record.size() != header.size() && !(record.size() == 1 && record.get(0).isBlank())) {
                    throw new MasterDataException(file, parser.getCurrentLineNumber(),
                            "expected " + header.size() + " fields but found " + record.size());
                }
                String[] values = new String[Math.min(header.size(), record.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = record.get(i);
                }
                // outside the parser's error handling: the handler's own problems name their line themselves
                handler.row(new Row(file, parser.getCurrentLineNumber(), header, values));
            }
            return header;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static CSVParser parser(Path file, Reader text, CSVFormat format) {
        try {
            return CSVParser.parse(text, format);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw unreadable(file, e);
        }
    }

    private static CSVRecord next(Path file, Iterator<CSVRecord> records) {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw unreadable(file, e);
        }
    }

    private static MasterDataException unreadable(Path file, Exception e) {
        return new MasterDataException(file, "not a readable CSV file: " + e.getMessage());
    }

    /**
     * The file's encoding: UTF-8 (with or without BOM) when every byte sequence is UTF-8, else Windows-31J
     * (Excel's "CSV"). Decided by reading the file once without keeping its text, so that a plan of 200,000
     * indicators is parsed in a small heap.
     */
    private static Charset charsetOf(Path file) {
        for (Charset charset : List.of(StandardCharsets.UTF_8, WINDOWS_31J)) {
            try (Reader reader = reader(file, charset)) {
                char[] buffer = new char[8192];
                while (reader.read(buffer) >= 0) {
                    // only whether it decodes matters
                }
                return charset;
            } catch (CharacterCodingException e) {
                // try the next encoding
            } catch (IOException e) {
                throw new MasterDataException(file, "cannot read: " + e.getMessage());
            }
        }
        throw new MasterDataException(file, "neither UTF-8 nor Windows-31J text; save it as CSV UTF-8");
    }

    /** The file's text in the given encoding, without a UTF-8 BOM; a byte it cannot decode is an error. */
    private static Reader reader(Path file, Charset charset) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(3);
        byte[] bom = in.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xff) == 0xEF && (bom[1] & 0xff) == 0xBB && (bom[2] & 0xff) == 0xBF)) {
            in.reset();
        }
        return new BufferedReader(new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    Path file() {
        return file;
    }

    List<Row> rows() {
        return rows;
    }

    boolean hasColumn(String column) {
        return header.contains(column);
    }
}
