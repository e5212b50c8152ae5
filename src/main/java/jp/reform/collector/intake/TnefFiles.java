package jp.reform.collector.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.apache.poi.hmef.attribute.MAPIAttribute;
import org.apache.poi.hmef.attribute.MAPIStringAttribute;
import org.apache.poi.hmef.attribute.TNEFAttribute;
import org.apache.poi.hmef.attribute.TNEFProperty;
import org.apache.poi.hmef.attribute.TNEFStringAttribute;
import org.apache.poi.hsmf.datatypes.MAPIProperty;
import org.apache.poi.hsmf.datatypes.Types;
import org.apache.poi.util.LittleEndian;

/**
 * The files inside Outlook's {@code winmail.dat}: a mail sent in rich-text format through Exchange reaches
 * an outside mailbox as one attachment in TNEF (MS-OXTNEF, {@code application/ms-tnef}) that holds the real
 * attachments. Read with POI's HMEF, after a check of the stream's framing of its own (every attribute
 * fits in what is there, the checksum of every attached file is right), so that a truncated or damaged
 * stream is told as such and never makes POI set aside more memory than the stream's own size.
 *
 * <p>The caller bounds the size of the stream before it comes here.
 */
public final class TnefFiles {

    /** MS-OXTNEF 2.1.3.1: TNEF_SIGNATURE, little-endian, then a two-byte key. */
    private static final int SIGNATURE = HMEFMessage.HEADER_SIGNATURE;
    private static final int HEADER_BYTES = 6;
    /** Level byte, attribute id and type (4), length (4) before the data; checksum (2) after it. */
    private static final int ATTRIBUTE_OVERHEAD = 1 + 4 + 4 + 2;
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

    /**
     * The attachments of a TNEF stream, in order. Each is named by its long file name
     * (PR_ATTACH_LONG_FILENAME) where TNEF has one, else by its 8.3 name (attAttachTitle); a file without
     * either has a null name. An attachment without data (an embedded Outlook item) has null content.
     */
    public static List<InnerFile> read(byte[] tnef) throws UnreadableTnefException {
        checkFraming(tnef);
        HMEFMessage message;
        try {
            raiseRecordLimit(tnef.length);
            message = new HMEFMessage(new ByteArrayInputStream(tnef));
        } catch (IOException | RuntimeException e) {
            throw new UnreadableTnefException("TNEF could not be parsed", e);
        }
        Charset charset = charset(message);
        List<InnerFile> files = new ArrayList<>();
        try {
            for (Attachment attachment : message.getAttachments()) {
                String name = longName(attachment, charset);
                if (name == null || name.isBlank()) {
                    name = shortName(attachment, charset);
                }
                TNEFAttribute data = attachment.getAttribute(TNEFProperty.ID_ATTACHDATA);
                files.add(new InnerFile(name == null || name.isBlank() ? null : name,
                        data == null ? null : data.getData()));
            }
        } catch (RuntimeException e) {
            throw new UnreadableTnefException("TNEF attachment could not be read", e);
        }
        return files;
    }

    /**
     * Walks the attributes as MS-OXTNEF 2.1.3 frames them: level (1 message, 2 attachment), id and type,
     * length, data, checksum (the sum of the data bytes modulo 65536). A length that runs past the end is a
     * cut-off stream; a wrong checksum on an attached file's data is a damaged one. Other checksums are
     * not checked: some writers leave them at 0, and nothing is read from those attributes that matters.
     */
    static void checkFraming(byte[] tnef) throws UnreadableTnefException {
        if (tnef.length < HEADER_BYTES || LittleEndian.getInt(tnef, 0) != SIGNATURE) {
            throw new UnreadableTnefException("no TNEF signature", null);
        }
        int at = HEADER_BYTES;
        int attributes = 0;
        while (at < tnef.length) {
            int level = tnef[at] & 0xFF;
            if (level == '\r' || level == '\n') {
                // POI ignores a trailing line break a gateway may add; so does this
                at++;
                continue;
            }
            if (level != TNEFProperty.LEVEL_MESSAGE && level != TNEFProperty.LEVEL_ATTACHMENT) {
                throw new UnreadableTnefException("unknown attribute level " + level + " at byte " + at, null);
            }
            if (tnef.length - at < ATTRIBUTE_OVERHEAD) {
                throw new UnreadableTnefException("cut off in the attribute at byte " + at, null);
            }
            int id = LittleEndian.getUShort(tnef, at + 1);
            long length = LittleEndian.getUInt(tnef, at + 5);
            if (length > tnef.length - at - ATTRIBUTE_OVERHEAD) {
                throw new UnreadableTnefException("attribute at byte " + at + " claims " + length + " bytes, "
                        + (tnef.length - at - ATTRIBUTE_OVERHEAD) + " left", null);
            }
            int data = at + 9;
            if (id == TNEFProperty.ID_ATTACHDATA.id) {
                int sum = 0;
                for (int i = data; i < data + length; i++) {
                    sum += tnef[i] & 0xFF;
                }
                if ((sum & 0xFFFF) != LittleEndian.getUShort(tnef, data + (int) length)) {
                    throw new UnreadableTnefException("wrong checksum of the attached file at byte " + at, null);
                }
            }
            at = data + (int) length + 2;
            attributes++;
        }
        if (attributes == 0) {
            throw new UnreadableTnefException("no TNEF attributes", null);
        }
    }

    /**
     * POI refuses an attribute longer than its record limit (20 000 000 bytes by default), which a large
     * attached file under a raised mail.max-attachment-mb can be. The framing check has made sure that no
     * attribute is longer than the stream, so the limit is raised to the stream's size, never lowered.
     */
    private static void raiseRecordLimit(int streamBytes) {
        synchronized (TnefFiles.class) {
            if (TNEFAttribute.getMaxRecordLength() < streamBytes) {
                TNEFAttribute.setMaxRecordLength(streamBytes);
            }
        }
    }

    private static Charset charset(HMEFMessage message) {
        TNEFAttribute codepage = message.getMessageAttribute(TNEFProperty.ID_OEMCODEPAGE);
        if (codepage == null || codepage.getData().length < 4) {
            return DEFAULT_CHARSET;
        }
        long number = LittleEndian.getUInt(codepage.getData(), 0);
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

    /** PR_ATTACH_LONG_FILENAME: Unicode as POI decodes it, 8-bit in the sender's code page (POI assumes 1252). */
    private static String longName(Attachment attachment, Charset charset) {
        MAPIAttribute name = attachment.getMAPIAttribute(MAPIProperty.ATTACH_LONG_FILENAME);
        if (name == null) {
            return null;
        }
        if (name.getType() == Types.ASCII_STRING.getId()) {
            return decode(name.getData(), charset);
        }
        return MAPIStringAttribute.getAsString(name);
    }

    /** attAttachTitle: 8-bit in the sender's code page (POI reads it as ISO-8859-1). */
    private static String shortName(Attachment attachment, Charset charset) {
        TNEFAttribute title = attachment.getAttribute(TNEFProperty.ID_ATTACHTITLE);
        if (title == null) {
            return null;
        }
        if (title.getType() == TNEFProperty.TYPE_TEXT) {
            return TNEFStringAttribute.getAsString(title);
        }
        return decode(title.getData(), charset);
    }

    /** Up to the first NUL: the terminator, and whatever padding a writer left after it. */
    private static String decode(byte[] bytes, Charset charset) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOf(bytes, end), charset);
    }
}
