package jp.reform.collector.master;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
 * rename, so that serve's watcher never reads half a file. One writer at a time, across instances sharing config/
 * too: a lock file beside it, hidden from the watcher by its leading dot, as the candidate file is.
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

    private final Path file;
    private final String fingerprint;
    private final Charset charset;
    private final boolean bom;
    private final String text;

    private ConfigCsvFile(Path file, String fingerprint, Charset charset, boolean bom, String text) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.charset = charset;
        this.bom = bom;
        this.text = text;
    }

    /** The file as it is now; a file that does not exist reads as empty. */
    public static ConfigCsvFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new ConfigCsvFile(file, ABSENT, StandardCharsets.UTF_8, false, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean bom = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
        ByteBuffer body = ByteBuffer.wrap(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0));
        for (Charset charset : List.of(StandardCharsets.UTF_8, WINDOWS_31J)) {
            try {
                String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(body.duplicate()).toString();
                return new ConfigCsvFile(file, sha256(bytes), charset, bom, text);
            } catch (CharacterCodingException e) {
                // as CsvTable: Excel's CSV is Windows-31J
            }
        }
        throw new MasterDataException(file, "neither UTF-8 nor Windows-31J text; save it as CSV UTF-8");
    }

    /** What the file was when read: a page carries it, and a write from an older page is refused. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The values by column of the first data line {@code which} matches (values stripped, as the loaders read them). */
    public Optional<Map<String, String>> row(Predicate<Map<String, String>> which) {
        List<String> lines = lines();
        List<String> header = header(lines);
        for (String line : lines) {
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
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        // a file linked from elsewhere is changed where it is, and the link stays a link
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        synchronized (ConfigCsvFile.class) {
            try (FileChannel lock = FileChannel.open(dir.resolve("." + name + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                ConfigCsvFile now = read(file);
                if (!now.fingerprint.equals(shownFingerprint)) {
                    throw new Changed(file);
                }
                if (header == null && now.row(which).isEmpty()) {
                    throw new Refused(file + ": the line to change is no longer in the file");
                }
                Path candidate = target.toAbsolutePath().getParent().resolve("." + name + "." + UUID.randomUUID() + ".tmp");
                try {
                    Files.write(candidate, now.encoded(now.with(which, values, header)), StandardOpenOption.CREATE_NEW,
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
    }

    /** The replacement gets the file's permissions (users.csv-like modes IT staff set stay), where the system has them. */
    private static void keepPermissions(Path file, Path candidate) throws IOException {
        if (Files.exists(file) && Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(candidate, Files.getPosixFilePermissions(file));
        }
    }

    /** The text with the matching line replaced in place, or the new line added at the end. */
    String with(Predicate<Map<String, String>> which, Map<String, String> values, List<String> newHeader) {
        List<String> lines = lines();
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> header = header(lines);
        List<String> out = new ArrayList<>(lines);
        if (header.isEmpty()) {
            header = newHeader;
            out.removeIf(String::isBlank);
            out.add(0, String.join(",", newHeader)); // comments a headless file had stay below the header
        }
        for (int i = 0; i < out.size(); i++) {
            Map<String, String> row = row(header, out.get(i));
            if (row != null && which.test(row)) {
                Map<String, String> merged = new LinkedHashMap<>(row);
                merged.putAll(values);
                out.set(i, line(header, merged));
                return String.join(newline, out) + newline;
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        out.add(line(header, values));
        return String.join(newline, out) + newline;
    }

    private byte[] encoded(String content) throws IOException {
        ByteBuffer encoded = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(content));
        byte[] bytes = new byte[encoded.remaining() + (bom ? 3 : 0)];
        if (bom) {
            System.arraycopy(BOM, 0, bytes, 0, 3);
        }
        encoded.get(bytes, bom ? 3 : 0, encoded.remaining());
        return bytes;
    }

    /** The file's lines without their endings; a final line ending does not make a last empty line. */
    private List<String> lines() {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
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
