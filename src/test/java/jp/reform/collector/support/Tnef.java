package jp.reform.collector.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a minimal TNEF stream ("winmail.dat", [MS-OXTNEF]) as Outlook sends one through Exchange for a
 * rich-text mail: POI can read TNEF but not write it, so tests build their own from the specification.
 *
 * <p>Layout (all numbers little-endian):
 * <pre>
 *   TNEF_SIGNATURE 0x223E9F78 (4)  LegacyKey (2)
 *   attribute*: level (1: 0x01 message, 0x02 attachment)
 *               AttrId (4: low word the id, high word the type)
 *               size (4)  data (size)  checksum (2: sum of the data bytes mod 65536)
 * </pre>
 * Message attributes: attTnefVersion (0x00089006, 0x00010000), attOemCodepage (0x00069007, the code page of
 * 8-bit strings), attMessageClass (0x00078008, "IPM.Microsoft Mail.Note"). Per attachment, in this order:
 * attAttachRendData (0x00069002, which starts a new attachment: type 1 = file, position, width, height,
 * flags), attAttachTitle (0x00018010, the 8.3 name, 8-bit, NUL-terminated), attAttachData (0x0006800F, the
 * file's bytes) and attAttachment (0x00069005, MAPI properties: count, then per property type (2), id (2)
 * and value; a string is a value count (4), a byte length (4) and the bytes padded to 4). The MAPI
 * properties written are PR_ATTACH_METHOD (0x3705, PT_LONG, 1 = by value) and, when given,
 * PR_ATTACH_LONG_FILENAME (0x3707) as PT_UNICODE (UTF-16LE) or PT_STRING8 (the code page's bytes).
 */
public final class Tnef {

    private static final int SIGNATURE = 0x223E9F78;
    private static final int LEVEL_MESSAGE = 1;
    private static final int LEVEL_ATTACHMENT = 2;
    private static final int ATT_TNEF_VERSION = 0x00089006;
    private static final int ATT_OEM_CODEPAGE = 0x00069007;
    private static final int ATT_MESSAGE_CLASS = 0x00078008;
    private static final int ATT_ATTACH_REND_DATA = 0x00069002;
    private static final int ATT_ATTACH_TITLE = 0x00018010;
    private static final int ATT_ATTACH_DATA = 0x0006800F;
    private static final int ATT_ATTACHMENT = 0x00069005;
    private static final int PT_LONG = 0x0003;
    private static final int PT_STRING8 = 0x001E;
    private static final int PT_UNICODE = 0x001F;
    private static final int PR_ATTACH_METHOD = 0x3705;
    private static final int PR_ATTACH_LONG_FILENAME = 0x3707;

    /**
     * One attached file.
     *
     * @param shortName   the 8.3 name (attAttachTitle), in the stream's code page
     * @param longName    the long name (PR_ATTACH_LONG_FILENAME), or null to write none
     * @param unicodeName the long name as PT_UNICODE (Outlook 2003 and later) rather than PT_STRING8
     */
    public record File(String shortName, String longName, boolean unicodeName, byte[] content) {

        public File(String shortName, String longName, byte[] content) {
            this(shortName, longName, true, content);
        }
    }

    private Tnef() {
    }

    /** A winmail.dat of a Japanese Outlook (code page 932) holding these files. */
    public static byte[] of(File... files) {
        return of(932, List.of(files));
    }

    public static byte[] of(int codePage, List<File> files) {
        Charset charset = codePage == 932 ? Charset.forName("windows-31j") : Charset.forName("windows-" + codePage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, SIGNATURE);
        writeShort(out, 0x0001);
        attribute(out, LEVEL_MESSAGE, ATT_TNEF_VERSION, intBytes(0x00010000));
        attribute(out, LEVEL_MESSAGE, ATT_OEM_CODEPAGE, concat(intBytes(codePage), intBytes(0)));
        attribute(out, LEVEL_MESSAGE, ATT_MESSAGE_CLASS, "IPM.Microsoft Mail.Note\0".getBytes(StandardCharsets.US_ASCII));
        int position = 0;
        for (File file : files) {
            ByteArrayOutputStream rend = new ByteArrayOutputStream();
            writeShort(rend, 1); // AttachType: file
            writeInt(rend, position++); // AttachPosition in the rich text
            writeShort(rend, 32); // RenderWidth
            writeShort(rend, 32); // RenderHeight
            writeInt(rend, 0); // DataFlags
            attribute(out, LEVEL_ATTACHMENT, ATT_ATTACH_REND_DATA, rend.toByteArray());
            attribute(out, LEVEL_ATTACHMENT, ATT_ATTACH_TITLE, (file.shortName() + "\0").getBytes(charset));
            attribute(out, LEVEL_ATTACHMENT, ATT_ATTACH_DATA, file.content());
            attribute(out, LEVEL_ATTACHMENT, ATT_ATTACHMENT, mapiProperties(file, charset));
        }
        return out.toByteArray();
    }

    /**
     * The stream with one more attribute at its end, framed and checksummed as any other: for attributes
     * this writer does not write itself (a message's MAPI properties, a hostile property list).
     *
     * @param level  1 for the message, 2 for the current attachment
     * @param attrId the AttrId: low word the id, high word the type (attMsgProps is 0x00069003)
     */
    public static byte[] plus(byte[] tnef, int level, int attrId, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tnef);
        attribute(out, level, attrId, data);
        return out.toByteArray();
    }

    private static byte[] mapiProperties(File file, Charset charset) {
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        writeInt(props, file.longName() == null ? 1 : 2);
        writeShort(props, PT_LONG);
        writeShort(props, PR_ATTACH_METHOD);
        writeInt(props, 1); // ATTACH_BY_VALUE
        if (file.longName() != null) {
            byte[] name = (file.longName() + "\0").getBytes(file.unicodeName() ? StandardCharsets.UTF_16LE : charset);
            writeShort(props, file.unicodeName() ? PT_UNICODE : PT_STRING8);
            writeShort(props, PR_ATTACH_LONG_FILENAME);
            writeInt(props, 1); // one value
            writeInt(props, name.length);
            props.writeBytes(name);
            props.writeBytes(new byte[(4 - name.length % 4) % 4]);
        }
        return props.toByteArray();
    }

    private static void attribute(ByteArrayOutputStream out, int level, int id, byte[] data) {
        out.write(level);
        writeInt(out, id);
        writeInt(out, data.length);
        out.writeBytes(data);
        int sum = 0;
        for (byte b : data) {
            sum += b & 0xFF;
        }
        writeShort(out, sum & 0xFFFF);
    }

    private static byte[] intBytes(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Little-endian, as every number in TNEF. */
    public static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    /** Little-endian, as every number in TNEF. */
    public static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
    }
}
