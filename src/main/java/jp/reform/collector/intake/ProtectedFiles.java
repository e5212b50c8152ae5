package jp.reform.collector.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.record.RecordFactoryInputStream;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Tells whether a received file is locked with a password, whatever its name says, so that the
 * department can be asked for an unprotected file instead of being told that the file is unreadable.
 * Departments often send password-protected ZIPs (the "PPAP" habit) or Excel files with an open
 * password.
 *
 * <p>Never throws: a file that is empty, truncated, random or unreadable is {@link Protection#NONE},
 * and the normal reader then rejects it for what it is.
 */
public final class ProtectedFiles {

    public enum Protection {
        NONE,
        /** A ZIP archive with at least one encrypted entry (ZipCrypto, AES or PKWARE strong encryption). */
        ENCRYPTED_ZIP,
        /**
         * An Excel file that needs a password to open: an encrypted OOXML package (xlsx, xlsm) in its OLE2
         * wrapper, or a BIFF8 .xls with a FILEPASS record that Excel's default password does not open.
         */
        PASSWORD_PROTECTED_EXCEL
    }

    private ProtectedFiles() {
    }

    public static Protection check(Path file) {
        byte[] head = head(file);
        if (ZipHeaders.isZip(head)) {
            return ZipHeaders.hasEncryptedEntry(file) ? Protection.ENCRYPTED_ZIP : Protection.NONE;
        }
        if (head.length >= 8 && FileMagic.valueOf(head) == FileMagic.OLE2) {
            return isProtectedOle2(file) ? Protection.PASSWORD_PROTECTED_EXCEL : Protection.NONE;
        }
        return Protection.NONE;
    }

    /** A ZIP archive by its first bytes (a local file header, or the end record of an empty archive). */
    public static boolean isZip(Path file) {
        return ZipHeaders.isZip(head(file));
    }

    private static byte[] head(Path file) {
        if (!Files.isRegularFile(file)) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static boolean isProtectedOle2(Path file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            if (root.hasEntry("EncryptionInfo") || root.hasEntry(Decryptor.DEFAULT_POIFS_ENTRY)) {
                return true;
            }
            // BIFF8 names its stream "Workbook", BIFF5 "Book"; writers differ in case
            for (String stream : root.getEntryNames()) {
                if (stream.equalsIgnoreCase("Workbook") || stream.equalsIgnoreCase("Book")) {
                    return hasUnopenableFilePass(fs, stream);
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * POI reads the BOF and FILEPASS records when the record stream is opened and then checks the
     * password: Excel's default "VelvetSweatshop" (used for files that only protect their structure, and
     * which the reader opens without asking) passes, a user's open password fails. The thread's own
     * password, should anything have set one, is put aside so that it does not change the answer.
     */
    private static boolean hasUnopenableFilePass(POIFSFileSystem fs, String stream) {
        String threadPassword = Biff8EncryptionKey.getCurrentUserPassword();
        Biff8EncryptionKey.setCurrentUserPassword(null);
        try (InputStream in = fs.createDocumentInputStream(stream)) {
            new RecordFactoryInputStream(in, true);
            return false;
        } catch (EncryptedDocumentException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            Biff8EncryptionKey.setCurrentUserPassword(threadPassword);
        }
    }
}
