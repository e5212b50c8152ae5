package jp.reform.collector.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Decides how to read a file. The name's extension says what the department meant to send; the first
 * bytes say what it is. Content wins among the formats we read: Excel happily saves an xlsx under
 * an .xls name, or a web page under an .xls name.
 */
final class FormatDetector {

    private static final byte[] ZIP = {'P', 'K'};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    enum Kind {
        /** OOXML package (zip). */
        XLSX,
        /** OLE2 container with a BIFF workbook. */
        XLS,
        /** OLE2 container holding an encrypted OOXML package: a password-protected xlsx. */
        ENCRYPTED,
        CSV,
        EMPTY,
        /** HTML, SpreadsheetML 2003 XML or MHT saved under an Excel name. */
        WEB_PAGE,
        /** An Excel name with content that is no workbook at all. */
        UNKNOWN_CONTENT,
        UNSUPPORTED_EXTENSION
    }

    /**
     * @param format    "xlsx", "xls", "csv" as it will be (or would have been) read; null if unsupported
     * @param extension the file name's extension, lower case, without the dot ("" if none)
     */
    record Detection(Kind kind, String format, String extension) {
    }

    private FormatDetector() {
    }

    static Detection detect(Path file, String fileName) throws IOException {
        String extension = Extensions.of(fileName);
        String declared = Extensions.declaredFormat(fileName);
        if (declared == null) {
            return new Detection(Kind.UNSUPPORTED_EXTENSION, null, extension);
        }
        if (Files.size(file) == 0) {
            return new Detection(Kind.EMPTY, declared, extension);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(512);
        }
        if (startsWith(head, ZIP)) {
            return new Detection(Kind.XLSX, "xlsx", extension);
        }
        if (startsWith(head, OLE2)) {
            return isEncryptedPackage(file)
                    ? new Detection(Kind.ENCRYPTED, "xlsx", extension)
                    : new Detection(Kind.XLS, "xls", extension);
        }
        if (declared.equals("csv")) {
            return new Detection(Kind.CSV, "csv", extension);
        }
        Kind kind = looksLikeMarkup(head) ? Kind.WEB_PAGE : Kind.UNKNOWN_CONTENT;
        return new Detection(kind, declared, extension);
    }

    /** Excel stores a password-protected xlsx as an OLE2 file with EncryptionInfo and EncryptedPackage. */
    private static boolean isEncryptedPackage(Path file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            return root.hasEntry("EncryptionInfo") || root.hasEntry(Decryptor.DEFAULT_POIFS_ENTRY);
        } catch (IOException | RuntimeException e) {
            // a broken container: the xls reader reports it as unreadable
            return false;
        }
    }

    private static boolean looksLikeMarkup(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00EF\u00BB\u00BF")) {
            text = text.substring(3);
        }
        text = text.stripLeading().toLowerCase(Locale.ROOT);
        return text.startsWith("<") || text.startsWith("mime-version");
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
