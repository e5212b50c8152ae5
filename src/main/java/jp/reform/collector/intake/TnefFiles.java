package jp.reform.collector.intake;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The files inside Outlook's {@code winmail.dat}: a mail sent in rich-text format through Exchange reaches
 * an outside mailbox as one attachment in TNEF (MS-OXTNEF, {@code application/ms-tnef}) that holds the real
 * attachments.
 *
 * <p>Read here, not with POI's HMEF: HMEF unpacks every attribute on the way, among them the message's own
 * MAPI properties (thousands of small objects, the compressed RTF body decompressed eightfold and copied
 * into a string), so that a stream of a few megabytes could cost gigabytes, and a real body over 1 MB
 * made the whole stream unreadable; its limits are process-wide statics. Only what names and holds the
 * files is read: the code page, and per attachment its 8.3 title, its data and the long file name among
 * its MAPI properties. Nothing is kept but copies of those, so memory is bounded by the stream's size.
 *
 * <p>The caller bounds the size of the stream before it comes here.
 */
public final class TnefFiles {

    /** MS-OXTNEF 2.1.3.1: TNEF_SIGNATURE, little-endian, then a two-byte key. */
    private static final int SIGNATURE = 0x223E9F78;
    private static final int HEADER_BYTES = 6;
    /** Level byte, attribute id and type (4), length (4) before the data; checksum (2) after it. */
    private static final int ATTRIBUTE_OVERHEAD = 1 + 4 + 4 + 2;
    private static final int LEVEL_MESSAGE = 1;
    private static final int LEVEL_ATTACHMENT = 2;
    /** Attribute ids (the low word of AttrId; the high word is the type). */
    private static final int ATT_OEM_CODEPAGE = 0x9007;
    private static final int ATT_ATTACH_REND_DATA = 0x9002;
    private static final int ATT_ATTACH_TITLE = 0x8010;
    private static final int ATT_ATTACH_DATA = 0x800F;
    private static final int ATT_ATTACHMENT = 0x9005;
    /** attAttachTitle of type atpText is UTF-16LE (as POI reads it); atpString is 8-bit. */
    private static final int ATP_TEXT = 0x0002;
    private static final int PR_ATTACH_LONG_FILENAME = 0x3707;
    private static final int PT_STRING8 = 0x001E;
    private static final int PT_UNICODE = 0x001F;
    private static final int MV_FLAG = 0x1000;
    /**
     * 8-bit names are in the sender's code page (attOemCodepage). Without one: Windows-31J, the code page of
     * the departments' Japanese Windows; ASCII names read the same in any.
     */
    private static final Charset DEFAULT_CHARSET = Charset.forName("windows-31j");

    /** One file found inside: its name as the sender gave it (not yet made safe), and its bytes (null if none). */
    public record InnerFile(String name, byte[] content) {
    }

    /** The stream is not TNEF, or is damaged or cut off. */
    public static final class UnreadableTnefException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableTnefException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private TnefFiles() {
    }

    /**
     * Whether a mail part is a TNEF container: by its type, or by the names Outlook and Exchange give it
     * whatever type a gateway put on it.
     *
     * @param contentType the part's type without parameters, lower case; may be null
     * @param name        the part's decoded file name; may be null
     */
    public static boolean isTnef(String contentType, String name) {
        if ("application/ms-tnef".equals(contentType) || "application/vnd.ms-tnef".equals(contentType)) {
            return true;
        }
        if (name == null) {
            return false;
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.equals("winmail.dat") || lower.equals("win.dat");
    }

    /** What is gathered of one attachment while walking: where its parts are in the stream. */
    private static final class Found {
        int titleAt = -1;
        int titleLength;
        int titleType;
        int dataAt = -1;
        int dataLength;
        int longNameAt = -1;
        int longNameLength;
        int longNameType;
    }

    /**
     * The attachments of a TNEF stream, in order. Each is named by its long file name
     * (PR_ATTACH_LONG_FILENAME) where TNEF has one, else by its 8.3 name (attAttachTitle); a file without
     * either has a null name. An attachment without data (an embedded Outlook item) has null content.
     * A name ends at its first NUL, as Outlook shows it.
     *
     * <p>The attributes are walked as MS-OXTNEF 2.1.3 frames them: level (1 message, 2 attachment), id
     * and type, length, data, checksum (the sum of the data bytes modulo 65536). A length that runs past
     * the end is a cut-off stream; a wrong checksum on an attached file's data is a damaged one. Other
     * checksums are not checked: some writers leave them at 0. A new attachment starts with its
     * attAttachRendData (or with the first attachment attribute), as Outlook writes them and POI reads them.
     */
    public static List<InnerFile> read(byte[] tnef) throws UnreadableTnefException {
        if (tnef.length < HEADER_BYTES || readInt(tnef, 0) != SIGNATURE) {
            throw new UnreadableTnefException("no TNEF signature", null);
        }
        Charset charset = DEFAULT_CHARSET;
        List<Found> attachments = new ArrayList<>();
        int at = HEADER_BYTES;
        int attributes = 0;
        while (at < tnef.length) {
            int level = tnef[at] & 0xFF;
            if (level == '\r' || level == '\n') {
                // a trailing line break a gateway may add
                at++;
                continue;
            }
            if (level != LEVEL_MESSAGE && level != LEVEL_ATTACHMENT) {
                throw new UnreadableTnefException("unknown attribute level " + level + " at byte " + at, null);
            }
            if (tnef.length - at < ATTRIBUTE_OVERHEAD) {
                throw new UnreadableTnefException("cut off in the attribute at byte " + at, null);
            }
            int id = readUShort(tnef, at + 1);
            int type = readUShort(tnef, at + 3);
            long length = readUInt(tnef, at + 5);
            if (length > tnef.length - at - ATTRIBUTE_OVERHEAD) {
                throw new UnreadableTnefException("attribute at byte " + at + " claims " + length + " bytes, "
                        + (tnef.length - at - ATTRIBUTE_OVERHEAD) + " left", null);
            }
            int data = at + 9;
            int size = (int) length;
            if (level == LEVEL_MESSAGE) {
                if (id == ATT_OEM_CODEPAGE && size >= 4) {
                    charset = charset(readUInt(tnef, data));
                }
            } else {
                if (attachments.isEmpty() || id == ATT_ATTACH_REND_DATA) {
                    attachments.add(new Found());
                }
                Found current = attachments.get(attachments.size() - 1);
                if (id == ATT_ATTACH_TITLE) {
                    current.titleAt = data;
                    current.titleLength = size;
                    current.titleType = type;
                } else if (id == ATT_ATTACH_DATA) {
                    checkSum(tnef, at, data, size);
                    current.dataAt = data;
                    current.dataLength = size;
                } else if (id == ATT_ATTACHMENT) {
                    findLongName(tnef, data, size, current);
                }
            }
            at = data + size + 2;
            attributes++;
        }
        if (attributes == 0) {
            throw new UnreadableTnefException("no TNEF attributes", null);
        }
        List<InnerFile> files = new ArrayList<>(attachments.size());
        for (Found found : attachments) {
            String name = found.longNameAt < 0 ? null
                    : found.longNameType == PT_UNICODE ? utf16(tnef, found.longNameAt, found.longNameLength)
                    : eightBit(tnef, found.longNameAt, found.longNameLength, charset);
            if ((name == null || name.isBlank()) && found.titleAt >= 0) {
                name = found.titleType == ATP_TEXT ? utf16(tnef, found.titleAt, found.titleLength)
                        : eightBit(tnef, found.titleAt, found.titleLength, charset);
            }
            files.add(new InnerFile(name == null || name.isBlank() ? null : name, found.dataAt < 0 ? null
                    : Arrays.copyOfRange(tnef, found.dataAt, found.dataAt + found.dataLength)));
        }
        return files;
    }

    private static void checkSum(byte[] tnef, int at, int data, int size) throws UnreadableTnefException {
        int sum = 0;
        for (int i = data; i < data + size; i++) {
            sum += tnef[i] & 0xFF;
        }
        if ((sum & 0xFFFF) != readUShort(tnef, data + size)) {
            throw new UnreadableTnefException("wrong checksum of the attached file at byte " + at, null);
        }
    }

    /**
     * PR_ATTACH_LONG_FILENAME among an attachment's MAPI properties (MS-OXTNEF 2.1.3.4): a count, then per
     * property its type and id, a name for a named property (id 0x8000 and up), a value count for a
     * multi-valued or variable-length one, and each value padded to 4 bytes (variable-length ones after a
     * length of 4). Only positions are noted; every length is checked against the attribute's end, so that
     * no count or length can make this run past it or allocate anything. A property of a type whose size
     * is unknown ends the walk: what follows cannot be framed, and the file keeps its 8.3 name.
     */
    private static void findLongName(byte[] tnef, int start, int size, Found found) throws UnreadableTnefException {
        int end = start + size;
        int at = start;
        long count = need(tnef, at, 4, end) ? readUInt(tnef, at) : 0;
        at += 4;
        for (long p = 0; p < count; p++) {
            if (!need(tnef, at, 4, end)) {
                return;
            }
            int typeAndFlag = readUShort(tnef, at);
            int id = readUShort(tnef, at + 2);
            at += 4;
            if (id >= 0x8000) {
                if (!need(tnef, at, 20, end)) {
                    return;
                }
                long kind = readUInt(tnef, at + 16);
                at += 20;
                if (!need(tnef, at, 4, end)) {
                    return;
                }
                if (kind == 0) {
                    at += 4;
                } else {
                    long nameBytes = readUInt(tnef, at);
                    at += 4;
                    if (nameBytes > end - at || padded((int) nameBytes) > end - at) {
                        return;
                    }
                    at += padded((int) nameBytes);
                }
            }
            boolean multi = (typeAndFlag & MV_FLAG) != 0;
            int type = typeAndFlag & ~MV_FLAG;
            int fixed = fixedSize(type);
            boolean variable = fixed < 0;
            if (variable && !isVariable(type)) {
                return;
            }
            if (fixed == 0) {
                continue; // PtypNull: no value, however many it claims
            }
            long values = 1;
            if (multi || variable) {
                if (!need(tnef, at, 4, end)) {
                    return;
                }
                values = readUInt(tnef, at);
                at += 4;
            }
            for (long v = 0; v < values; v++) {
                int length;
                if (variable) {
                    if (!need(tnef, at, 4, end)) {
                        return;
                    }
                    long declared = readUInt(tnef, at);
                    at += 4;
                    if (declared > end - at) {
                        return;
                    }
                    length = (int) declared;
                } else {
                    length = fixed;
                }
                if (padded(length) > end - at) {
                    return;
                }
                if (id == PR_ATTACH_LONG_FILENAME && !multi && (type == PT_STRING8 || type == PT_UNICODE)) {
                    found.longNameAt = at;
                    found.longNameLength = length;
                    found.longNameType = type;
                }
                at += padded(length);
            }
        }
    }

    private static boolean need(byte[] tnef, int at, int bytes, int end) {
        return at >= 0 && end - at >= bytes;
    }

    private static int padded(int length) {
        return length + (4 - length % 4) % 4;
    }

    /** Size of a fixed-length MAPI type (MS-OXCDATA 2.11.1), -1 for variable-length or unknown ones. */
    private static int fixedSize(int type) {
        return switch (type) {
            case 0x0001 -> 0; // PtypNull
            case 0x0002, 0x000B -> 2; // PtypInteger16, PtypBoolean
            case 0x0003, 0x0004, 0x000A -> 4; // PtypInteger32, PtypFloating32, PtypErrorCode
            case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040 -> 8; // double, currency, floating time, int64, time
            case 0x0048 -> 16; // PtypGuid
            default -> -1;
        };
    }

    /** PtypString8, PtypString, PtypBinary, PtypObject: a length before each value. */
    private static boolean isVariable(int type) {
        return type == PT_STRING8 || type == PT_UNICODE || type == 0x0102 || type == 0x000D;
    }

    /** The Java charset of a Windows code page number (attOemCodepage). */
    private static Charset charset(long number) {
        String name = switch ((int) number) {
            case 932 -> "windows-31j";
            case 65001 -> "UTF-8";
            case 50220, 50221, 50222 -> "x-windows-iso2022jp";
            case 51932 -> "EUC-JP";
            default -> "windows-" + number;
        };
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            try {
                return Charset.forName("x-windows-" + number);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException again) {
                return DEFAULT_CHARSET;
            }
        }
    }

    /** 8-bit text up to its first NUL: the terminator, and whatever a writer left after it. */
    private static String eightBit(byte[] bytes, int at, int length, Charset charset) {
        int end = at;
        while (end < at + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, at, end - at, charset);
    }

    /** UTF-16LE text up to its first NUL character. */
    private static String utf16(byte[] bytes, int at, int length) {
        int end = at;
        while (end + 1 < at + length && (bytes[end] != 0 || bytes[end + 1] != 0)) {
            end += 2;
        }
        return new String(bytes, at, end - at, StandardCharsets.UTF_16LE);
    }

    private static int readUShort(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long readUInt(byte[] b, int at) {
        return readInt(b, at) & 0xFFFFFFFFL;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
