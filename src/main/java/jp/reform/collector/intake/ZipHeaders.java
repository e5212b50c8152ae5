package jp.reform.collector.intake;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds encrypted entries in a ZIP archive by reading its headers. java.util.zip cannot tell: it lists
 * encrypted entries like any other and fails only when their content is read. Bit 0 of the
 * general-purpose flags marks an encrypted entry in both the local file header and the central
 * directory; both are looked at, so that a truncated archive (no central directory) or one whose
 * entries cannot be walked from the front (sizes in data descriptors) is still recognised.
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} entries each way, the end record is searched in the last
 * 64 KiB only, and nothing is read past the end of the file. Broken headers end the walk; they are
 * never an error.
 */
final class ZipHeaders {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_RECORD = 0x06054b50;
    private static final int ZIP64_END_RECORD = 0x06064b50;
    private static final int ZIP64_END_LOCATOR = 0x07064b50;

    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int END_RECORD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    static final int MAX_ENTRIES = 1 << 20;

    private static final int ENCRYPTED = 1;
    private static final int DATA_DESCRIPTOR = 1 << 3;

    private ZipHeaders() {
    }

    /** PK\3\4 (a local file header), PK\5\6 (an empty archive) or PK\7\8 (a split-archive marker). */
    static boolean isZip(byte[] head) {
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
            return false;
        }
        return head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6 || head[2] == 7 && head[3] == 8;
    }

    static boolean hasEncryptedEntry(Path file) {
        return centralDirectoryHasEncrypted(file) || localHeadersHaveEncrypted(file);
    }

    private static boolean localHeadersHaveEncrypted(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = read(channel, 0, 4).getInt(0) == 0x08074b50 ? 4 : 0;
            for (int i = 0; i < MAX_ENTRIES && position + LOCAL_HEADER_SIZE <= size; i++) {
                ByteBuffer header = read(channel, position, LOCAL_HEADER_SIZE);
                if (header.getInt(0) != LOCAL_HEADER) {
                    return false;
                }
                int flags = unsignedShort(header, 6);
                if ((flags & ENCRYPTED) != 0) {
                    return true;
                }
                long compressedSize = unsignedInt(header, 18);
                if ((flags & DATA_DESCRIPTOR) != 0 || compressedSize == 0xFFFFFFFFL) {
                    // the size comes after the data (or in a ZIP64 field): the central directory knows
                    return false;
                }
                position += LOCAL_HEADER_SIZE + unsignedShort(header, 26) + unsignedShort(header, 28)
                        + compressedSize;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean centralDirectoryHasEncrypted(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int tailLength = (int) Math.min(size, END_RECORD_SIZE + MAX_COMMENT);
            ByteBuffer tail = read(channel, size - tailLength, tailLength);
            int end = -1;
            for (int i = tailLength - END_RECORD_SIZE; i >= 0 && end < 0; i--) {
                if (tail.getInt(i) == END_RECORD && i + END_RECORD_SIZE + unsignedShort(tail, i + 20) <= tailLength) {
                    end = i;
                }
            }
            if (end < 0) {
                return false;
            }
            long directoryEnd = size - tailLength + end;
            long directorySize = unsignedInt(tail, end + 12);
            long directoryOffset = unsignedInt(tail, end + 16);
            if (directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL
                    || unsignedShort(tail, end + 10) == 0xFFFF) {
                // ZIP64: the real values are in the ZIP64 end record, found through the locator before the end record
                if (directoryEnd >= 20) {
                    ByteBuffer locator = read(channel, directoryEnd - 20, 20);
                    long zip64End = locator.getLong(8);
                    if (locator.getInt(0) == ZIP64_END_LOCATOR && zip64End >= 0 && zip64End + 56 <= directoryEnd) {
                        ByteBuffer record = read(channel, zip64End, 56);
                        if (record.getInt(0) == ZIP64_END_RECORD) {
                            directoryEnd = zip64End;
                            directorySize = record.getLong(40);
                            directoryOffset = record.getLong(48);
                        }
                    }
                }
            }
            long start = directoryOffset;
            if (!startsWith(channel, start, CENTRAL_HEADER)) {
                // data in front of the archive (a self-extractor) shifts every offset: the directory
                // still ends where the end record begins
                start = directoryEnd - directorySize;
                if (!startsWith(channel, start, CENTRAL_HEADER)) {
                    return false;
                }
            }
            return walkCentralDirectory(channel, start, directoryEnd);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean walkCentralDirectory(FileChannel channel, long start, long end) throws IOException {
        channel.position(start);
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
        long position = start;
        for (int i = 0; i < MAX_ENTRIES && position + CENTRAL_HEADER_SIZE <= end; i++) {
            byte[] bytes = in.readNBytes(CENTRAL_HEADER_SIZE);
            if (bytes.length < CENTRAL_HEADER_SIZE) {
                return false;
            }
            ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (header.getInt(0) != CENTRAL_HEADER) {
                return false;
            }
            if ((unsignedShort(header, 8) & ENCRYPTED) != 0) {
                return true;
            }
            long variable = (long) unsignedShort(header, 28) + unsignedShort(header, 30) + unsignedShort(header, 32);
            in.skipNBytes(variable);
            position += CENTRAL_HEADER_SIZE + variable;
        }
        return false;
    }

    private static boolean startsWith(FileChannel channel, long position, int signature) throws IOException {
        return position >= 0 && position + 4 <= channel.size() && read(channel, position, 4).getInt(0) == signature;
    }

    /** Exactly {@code length} bytes from {@code position}, little-endian. */
    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException();
            }
        }
        return buffer.flip();
    }

    private static int unsignedShort(ByteBuffer buffer, int index) {
        return Short.toUnsignedInt(buffer.getShort(index));
    }

    private static long unsignedInt(ByteBuffer buffer, int index) {
        return Integer.toUnsignedLong(buffer.getInt(index));
    }
}
