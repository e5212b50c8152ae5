package jp.reform.collector.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;

import org.apache.commons.compress.archivers.zip.GeneralPurposeBit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipLong;

/**
 * Finds encrypted entries in a ZIP archive with commons-compress (java.util.zip cannot tell: it lists
 * encrypted entries like any other and fails only when their content is read). Bit 0 of the
 * general-purpose flags marks an encrypted entry in both the central directory and the local headers;
 * both are looked at, so that an archive whose central directory does not say it (or is missing) is
 * still recognised.
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} entries each way, and the local headers are walked only as
 * far as their sizes are known (entries with a data descriptor would have to be inflated to be skipped).
 * Anything commons-compress cannot read ends the walk; it is never an error.
 */
final class ZipHeaders {

    static final int MAX_ENTRIES = 1 << 20;

    /** Signature and general-purpose flags of a local file header (APPNOTE 4.3.7): bytes 0–3 and 6–7. */
    private static final int LOCAL_HEADER_FLAGS_OFFSET = 6;
    private static final int LOCAL_HEADER_FLAGS_END = 8;

    private ZipHeaders() {
    }

    /** A local file header, an empty archive's end record or a split-archive marker, by commons-compress. */
    static boolean isZip(byte[] head) {
        return head.length >= 4 && ZipArchiveInputStream.matches(head, head.length);
    }

    static boolean hasEncryptedEntry(Path file) {
        return centralDirectoryHasEncrypted(file) || localHeadersHaveEncrypted(file) || firstLocalHeaderEncrypted(file);
    }

    private static boolean centralDirectoryHasEncrypted(Path file) {
        // the local headers are read by the second pass; skipping them here keeps a bad one from hiding the directory
        try (ZipFile zip = ZipFile.builder().setPath(file).setIgnoreLocalFileHeader(true).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            for (int i = 0; i < MAX_ENTRIES && entries.hasMoreElements(); i++) {
                if (entries.nextElement().getGeneralPurposeBit().usesEncryption()) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean localHeadersHaveEncrypted(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
             ZipArchiveInputStream zip = new ZipArchiveInputStream(in)) {
            for (int i = 0; i < MAX_ENTRIES; i++) {
                ZipArchiveEntry entry = zip.getNextEntry();
                if (entry == null) {
                    return false;
                }
                GeneralPurposeBit flags = entry.getGeneralPurposeBit();
                if (flags.usesEncryption()) {
                    return true;
                }
                if (flags.usesDataDescriptor()) {
                    // the size comes after the data: the central directory knows the rest
                    return false;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A truncated archive (a mail client that cut the attachment) may end inside the first entry's name,
     * before commons-compress will hand out the entry: its flags are then taken from the fixed-size part
     * of the header alone.
     */
    private static boolean firstLocalHeaderEncrypted(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(LOCAL_HEADER_FLAGS_END);
            return head.length == LOCAL_HEADER_FLAGS_END && ZipLong.LFH_SIG.equals(new ZipLong(head))
                    && GeneralPurposeBit.parse(head, LOCAL_HEADER_FLAGS_OFFSET).usesEncryption();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
