package jp.reform.collector.console.auth;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import jp.reform.collector.master.MasterDataException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The text side of users.csv: physical lines (so that comments and untouched rows are written back as
 * they were), one CSV record per line, and an atomic owner-only write.
 */
final class UsersCsv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private UsersCsv() {
    }

    /** The file's lines without line ends, and how to write it back the same way. */
    record Text(List<String> lines, boolean bom, String newline, byte[] bytes) {
    }

    static Text read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MasterDataException(file, "cannot read: " + e.getMessage());
        }
        boolean bom = bytes.length >= 3 && Arrays.equals(bytes, 0, 3, BOM, 0, 3);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0))).toString();
        } catch (CharacterCodingException e) {
            throw new MasterDataException(file, "not UTF-8 text; save it as CSV UTF-8");
        }
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1); // the final line end
        }
        return new Text(lines, bom, newline, bytes);
    }

    static boolean isCommentOrBlank(String line) {
        return line.isBlank() || line.stripLeading().startsWith("#");
    }

    /** The stripped fields of one line; a quoted field must end on its line (no user needs a line break). */
    static List<String> fields(Path file, long lineNumber, String line) {
        // spaces around a field are allowed, also before a quoted one: the file is edited by hand
        try (CSVParser parser = CSVParser.parse(line, CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get())) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new MasterDataException(file, lineNumber, "not one CSV record");
            }
            return records.get(0).stream().map(String::strip).toList(); // also full-width spaces
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new MasterDataException(file, lineNumber, "not a valid CSV line (a quoted field must end on the same line)");
        }
    }

    static String line(List<String> fields) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("").get())) {
            printer.printRecord(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Replaces the file in one step: a temporary file in the same folder, flushed to disk, then moved over
     * the old one, so that a reader or a crash never sees half a list. Owner-only where POSIX permissions exist.
     */
    static void writeAtomically(Path file, List<String> lines, boolean bom, String newline) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        boolean posix = Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class);
        Path temp = posix
                ? Files.createTempFile(folder, ".users-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(folder, ".users-", ".tmp");
        try {
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line).append(newline));
            byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                if (bom) {
                    write(channel, BOM);
                }
                write(channel, content);
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
