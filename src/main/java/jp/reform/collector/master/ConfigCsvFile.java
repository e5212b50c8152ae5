package jp.reform.collector.master;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A file of config/ that the console changes one line of (rounds.csv, departments.csv) while IT staff edit the
 * same file by hand: the line is replaced where it is (or added after the last), and every other line, comment,
 * the columns' order, the encoding (UTF-8 with or without BOM, or Windows-31J as Excel saves it) and the line
 * endings stay as they were. A write is refused when the file is no longer what the page was shown
 * ({@link #fingerprint()}), is loaded whole as a start loads it before it replaces the file, and replaces it by one
 * rename, so that serve's watcher never reads half a file; one writer at a time ({@link ConfigFileLock}). The
 * candidate file is hidden from the watcher by its leading dot.
 */
public final class ConfigCsvFile {

    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** The fingerprint of a file that does not exist. */
    public static final String ABSENT = "absent";

    /** The file changed since its fingerprint was taken (another page, IT staff's editor). */
    public static final class Changed extends Exception {
        Changed(Path file) {
            super(file + " changed since it was read");
        }
    }

    /** The file as it would be does not load; {@link #getMessage()} says why, naming the file's line. */
    public static final class Refused extends Exception {
        Refused(String problem) {
            super(problem);
        }
    }

    /** How the file as it would be is loaded; throws {@link MasterDataException} when it does not load. */
    @FunctionalInterface
    public interface Check {
        void load(Path candidate);
    }

    /** A line as the file has it: its bytes with their line ending (none for a last line without one), and its text. */
    private record Line(byte[] raw, String text) {

        boolean ended() {
            return raw.length > 0 && raw[raw.length - 1] == '\n';
        }
    }

    private final Path file;
    private final String fingerprint;
    private final Charset charset;
    private final boolean bom;
    private final List<Line> lines;

    private ConfigCsvFile(Path file, String fingerprint, Charset charset, boolean bom, List<Line> lines) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.charset = charset;
        this.bom = bom;
        this.lines = List.copyOf(lines);
    }

    /** The file as it is now; a file that does not exist reads as empty. */
    public static ConfigCsvFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new ConfigCsvFile(file, ABSENT, StandardCharsets.UTF_8, false, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean bom = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
        for (Charset charset : List.of(StandardCharsets.UTF_8, WINDOWS_31J)) {
            try {
                return new ConfigCsvFile(file, sha256(bytes), charset, bom, lines(bytes, bom ? 3 : 0, charset));
            } catch (CharacterCodingException e) {
                // as CsvTable: Excel's CSV is Windows-31J
            }
        }
        throw new MasterDataException(file, "neither UTF-8 nor Windows-31J text; save it as CSV UTF-8");
    }

    /**
     * The file split at its line feeds, each line kept as its bytes: lines the change does not touch are written back
     * byte for byte (a Windows-31J character with two codes keeps the one it had). A line feed byte is never part of
     * a character in UTF-8 or Windows-31J, so the split is safe before decoding.
     */
    private static List<Line> lines(byte[] bytes, int from, Charset charset) throws CharacterCodingException {
        List<Line> lines = new ArrayList<>();
        for (int start = from; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, bytes.length);
            int textEnd = end < bytes.length && end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, textEnd - start)).toString();
            lines.add(new Line(java.util.Arrays.copyOfRange(bytes, start, next), text));
            start = next;
        }
        return lines;
    }

    /** What the file was when read: a page carries it, and a write from an older page is refused. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The values by column of the first data line {@code which} matches (values stripped, as the loaders read them). */
    public Optional<Map<String, String>> row(Predicate<Map<String, String>> which) {
        List<String> texts = texts();
        List<String> header = header(texts);
        for (String line : texts) {
            Map<String, String> row = row(header, line);
            if (row != null && which.test(row)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /**
     * Replaces the line {@code which} matches with one holding {@code values} (columns not given keep that line's
     * values), or adds it after the last line when {@code header} is given, if the file is still what
     * {@code shownFingerprint} says and the file as it would be passes {@code check}.
     *
     * @param header the columns of a file that has none yet; null: only an existing line is replaced, and a file
     *               without it is {@link Refused}
     * @throws Changed the file changed since the page read it; nothing written
     * @throws Refused the file would not load (its message says why); nothing written
     */
    public static void write(Path file, String shownFingerprint, Predicate<Map<String, String>> which,
                             Map<String, String> values, List<String> header, Check check)
            throws Changed, Refused, IOException {
        String name = file.getFileName().toString();
        // a file linked from elsewhere is changed where it is, and the link stays a link
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        try (ConfigFileLock held = ConfigFileLock.of(file)) {
            ConfigCsvFile now = read(file);
            if (!now.fingerprint.equals(shownFingerprint)) {
                throw new Changed(file);
            }
            if (header == null && now.row(which).isEmpty()) {
                throw new Refused(file + ": the line to change is no longer in the file");
            }
            Path candidate = target.toAbsolutePath().getParent().resolve("." + name + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.write(candidate, now.withBom(now.with(which, values, header)), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                keepPermissions(target, candidate);
                try {
                    check.load(candidate); // what a start or serve's watcher would read: refused here, not logged there
                } catch (MasterDataException e) {
                    // named as the division knows it, not by the server's paths
                    throw new Refused(String.valueOf(e.getMessage()).replace(candidate.toString(), name));
                }
                try {
                    Files.move(candidate, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(candidate, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(candidate);
            }
        }
    }

    /** The replacement gets the file's permissions (users.csv-like modes IT staff set stay), where the system has them. */
    private static void keepPermissions(Path file, Path candidate) throws IOException {
        if (Files.exists(file) && Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(candidate, Files.getPosixFilePermissions(file));
        }
    }

    /**
     * The file's bytes (without a BOM) with the matching line replaced in place, or the new line added at the end;
     * every other line as it was, to the byte.
     */
    byte[] with(Predicate<Map<String, String>> which, Map<String, String> values, List<String> newHeader)
            throws IOException {
        byte[] newline = (lines.stream().anyMatch(l -> l.raw().length > 1 && l.ended()
                && l.raw()[l.raw().length - 2] == '\r') ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII);
        List<String> header = header(texts());
        List<byte[]> out = new ArrayList<>();
        List<Line> kept = new ArrayList<>(lines);
        if (header.isEmpty()) {
            header = newHeader;
            kept.removeIf(l -> l.text().isBlank());
            out.add(concat(encoded(String.join(",", newHeader)), newline)); // a headless file's comments stay below it
        }
        boolean replaced = false;
        for (Line line : kept) {
            Map<String, String> row = replaced ? null : row(header, line.text());
            if (row != null && which.test(row)) {
                Map<String, String> merged = new LinkedHashMap<>(row);
                merged.putAll(values);
                byte[] ending = line.ended() ? java.util.Arrays.copyOfRange(line.raw(),
                        line.raw().length - (line.raw().length > 1 && line.raw()[line.raw().length - 2] == '\r' ? 2 : 1),
                        line.raw().length) : newline;
                out.add(concat(encoded(line(header, merged)), ending));
                replaced = true;
            } else {
                out.add(line.raw());
            }
        }
        if (!replaced) {
            while (!out.isEmpty() && blank(out.get(out.size() - 1))) {
                out.remove(out.size() - 1);
            }
            if (!out.isEmpty() && out.get(out.size() - 1)[out.get(out.size() - 1).length - 1] != '\n') {
                out.add(newline); // a last line saved without its line ending gets one before the new line
            }
            out.add(concat(encoded(line(header, values)), newline));
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (byte[] part : out) {
            bytes.write(part);
        }
        return bytes.toByteArray();
    }

    /** A line of only spaces and its line ending. */
    private static boolean blank(byte[] raw) {
        for (byte b : raw) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Text in the file's encoding; a character it cannot hold is refused rather than written as '?'. */
    private byte[] encoded(String text) throws IOException {
        ByteBuffer encoded = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    /** The whole file: its BOM, if it had one, before the bytes. */
    private byte[] withBom(byte[] content) {
        return bom ? concat(BOM, content) : content;
    }

    private List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    /** The header's columns: the first line that is neither blank nor a comment; empty when there is none. */
    private static List<String> header(List<String> lines) {
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                List<String> fields = fields(line);
                return fields == null ? List.of() : fields.stream().map(String::strip).toList();
            }
        }
        return List.of();
    }

    /** A data line's values by column, or null for the header, a comment, a blank line or a line not CSV. */
    private static Map<String, String> row(List<String> header, String line) {
        if (header.isEmpty() || line.isBlank() || line.startsWith("#")) {
            return null;
        }
        List<String> fields = fields(line);
        if (fields == null || fields.stream().map(String::strip).toList().equals(header)) {
            return null;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < fields.size(); i++) {
            row.put(header.get(i), fields.get(i).strip());
        }
        return row;
    }

    private static List<String> fields(String line) {
        try (CSVParser parser = CSVParser.parse(new StringReader(line), CSVFormat.RFC4180)) {
            List<CSVRecord> records = parser.getRecords();
            return records.size() == 1 ? records.get(0).toList() : null;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    private static String line(List<String> header, Map<String, String> values) {
        return CSVFormat.RFC4180.format(header.stream().map(column -> values.getOrDefault(column, "")).toArray());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path file() {
        return file;
    }
}
