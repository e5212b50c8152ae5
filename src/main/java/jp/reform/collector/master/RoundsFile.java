package jp.reform.collector.master;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * config/rounds.csv as text, for the console's 収集期間 form: the line of one plan-year is replaced (or added)
 * and every other line, comment, encoding, BOM and line ending is kept as the file had it, because IT staff
 * edit the same file by hand. A write is refused when the file is no longer what the page was shown
 * ({@link #fingerprint()}), is checked whole by {@link RoundsLoader} before it replaces the file, and replaces
 * it by one rename, so that serve's watcher never reads half a file. One writer at a time, across instances
 * sharing config/ too (a lock file beside it, hidden from the watcher by its leading dot).
 */
public final class RoundsFile {

    static final String HEADER = String.join(",", RoundsLoader.COLUMNS);
    private static final String LOCK_FILE = ".rounds.csv.lock";
    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** The fingerprint of a config/ without rounds.csv. */
    static final String ABSENT = "absent";

    /** One plan-year's line as written: the dates and numbers as text, reminder days as a list. */
    public record Entry(String opens, String deadline, List<String> remindDaysBefore, String overdueEveryDays,
                        String escalateAfterDays) {

        public Entry {
            remindDaysBefore = List.copyOf(remindDaysBefore);
        }

        /** For the audit log: the columns' names and values. */
        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("opens", opens);
            map.put("deadline", deadline);
            map.put("remind_days_before", remindDaysBefore);
            map.put("overdue_every_days", overdueEveryDays);
            map.put("escalate_after_days", escalateAfterDays);
            return map;
        }
    }

    /** The file changed since its fingerprint was taken (another page, IT staff's editor). */
    public static final class Changed extends Exception {
        Changed() {
            super("config/rounds.csv changed since it was read");
        }
    }

    /** The file as it would be does not load; {@link #getMessage()} says why, naming rounds.csv's line. */
    public static final class Refused extends Exception {
        Refused(String problem) {
            super(problem);
        }
    }

    private final String fingerprint;
    private final Charset charset;
    private final boolean bom;
    private final String text;

    private RoundsFile(String fingerprint, Charset charset, boolean bom, String text) {
        this.fingerprint = fingerprint;
        this.charset = charset;
        this.bom = bom;
        this.text = text;
    }

    /** The file as it is now; without one, an empty file to be created with the header. */
    public static RoundsFile read(Path configDir) {
        Path file = configDir.resolve(RoundsLoader.ROUNDS_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new RoundsFile(ABSENT, StandardCharsets.UTF_8, false, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean bom = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
        ByteBuffer body = ByteBuffer.wrap(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0));
        for (Charset charset : List.of(StandardCharsets.UTF_8, WINDOWS_31J)) {
            try {
                String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(body.duplicate()).toString();
                return new RoundsFile(sha256(bytes), charset, bom, text);
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

    /** The line of a plan-year as written, if the file has one. */
    public Optional<Entry> entry(String planCode, int fiscalYear) {
        List<String> header = header(lines());
        if (header.isEmpty()) {
            return Optional.empty();
        }
        for (String line : lines()) {
            Map<String, String> row = row(header, line);
            if (row != null && planCode.equals(row.get("plan_code"))
                    && Integer.toString(fiscalYear).equals(row.get("fiscal_year"))) {
                return Optional.of(new Entry(row.getOrDefault("opens", ""), row.getOrDefault("deadline", ""),
                        split(row.getOrDefault("remind_days_before", "")), row.getOrDefault("overdue_every_days", ""),
                        row.getOrDefault("escalate_after_days", "")));
            }
        }
        return Optional.empty();
    }

    /**
     * Puts the plan-year's line in the file, replacing the one it had, if the file is still what
     * {@code shownFingerprint} says; the whole file as it would be is checked as a start reads it, against the
     * master data in use and config/holidays.csv, and replaces the file only if it loads.
     *
     * @return the line the plan-year had before, if any
     * @throws Changed             the file changed since the page read it; nothing written
     * @throws Refused the file would not load (its message says why); nothing written
     */
    public static Optional<Entry> write(Path configDir, String shownFingerprint, String planCode, int fiscalYear,
                                        Entry entry, MasterData master) throws Changed, Refused, IOException {
        Path file = configDir.resolve(RoundsLoader.ROUNDS_FILE);
        synchronized (RoundsFile.class) {
            try (FileChannel lock = FileChannel.open(configDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                RoundsFile now = read(configDir);
                if (!now.fingerprint.equals(shownFingerprint)) {
                    throw new Changed();
                }
                Optional<Entry> before = now.entry(planCode, fiscalYear);
                Path candidate = configDir.resolve("." + RoundsLoader.ROUNDS_FILE + "." + UUID.randomUUID() + ".tmp");
                try {
                    Files.write(candidate, now.encoded(now.with(planCode, fiscalYear, entry)),
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                    // what a start or serve's watcher would read: refused here rather than logged there
                    Path holidays = configDir.resolve(HolidayCalendar.FILE);
                    try {
                        new RoundsLoader().rounds(CsvTable.readWithComments(candidate, RoundsLoader.COLUMNS), master,
                                CsvTable.exists(holidays) ? HolidayCalendar.load(holidays) : HolidayCalendar.of(Map.of()));
                    } catch (MasterDataException e) {
                        throw new Refused(String.valueOf(e.getMessage()).replace(candidate.toString(), file.toString()));
                    }
                    try {
                        Files.move(candidate, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(candidate, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(candidate);
                }
                return before;
            }
        }
    }

    /** The text with the plan-year's line replaced in place, or added at the end. */
    String with(String planCode, int fiscalYear, Entry entry) {
        List<String> lines = lines();
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> header = header(lines);
        List<String> out = new ArrayList<>(lines);
        if (header.isEmpty()) {
            header = List.of(RoundsLoader.COLUMNS);
            out.removeIf(String::isBlank);
            out.add(0, HEADER); // comments a blank file had stay below the header
        }
        String line = line(header, planCode, fiscalYear, entry);
        boolean replaced = false;
        for (int i = 0; i < out.size(); i++) {
            Map<String, String> row = row(header, out.get(i));
            if (row != null && planCode.equals(row.get("plan_code"))
                    && Integer.toString(fiscalYear).equals(row.get("fiscal_year"))) {
                out.set(i, line);
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
                out.remove(out.size() - 1);
            }
            out.add(line);
        }
        return String.join(newline, out) + newline;
    }

    private byte[] encoded(String content) throws IOException {
        ByteBuffer encoded = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(content));
        byte[] bytes = new byte[encoded.remaining() + (bom ? 3 : 0)];
        if (bom) {
            System.arraycopy(BOM, 0, bytes, 0, 3);
        }
        encoded.get(bytes, bom ? 3 : 0, encoded.remaining());
        return bytes;
    }

    private List<String> lines() {
        return text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1)).subList(0, lastLine(text));
    }

    /** The lines before a final line ending, all of them without one. */
    private static int lastLine(String text) {
        int count = text.split("\r?\n", -1).length;
        return text.endsWith("\n") ? count - 1 : count;
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
        if (line.isBlank() || line.startsWith("#")) {
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

    private static String line(List<String> header, String planCode, int fiscalYear, Entry entry) {
        Map<String, String> values = Map.of("plan_code", planCode, "fiscal_year", Integer.toString(fiscalYear),
                "opens", entry.opens(), "deadline", entry.deadline(),
                "remind_days_before", String.join("|", entry.remindDaysBefore()),
                "overdue_every_days", entry.overdueEveryDays(), "escalate_after_days", entry.escalateAfterDays());
        List<String> fields = header.stream().map(column -> values.getOrDefault(column, "")).toList();
        return CSVFormat.RFC4180.format(fields.toArray());
    }

    private static List<String> split(String days) {
        return days.isBlank() ? List.of()
                : List.of(days.split("\\|")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
