package jp.reform.collector.hostile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Hostile department files, made by the tests themselves (nothing binary is committed): workbooks
 * written part by part so that their XML can carry a DOCTYPE or inflate without end, encrypted and
 * pre-2000 Excel files, cut-off files, files that only pretend to be what their name says.
 *
 * <p>The hand-written xlsx packages are minimal but complete: {@link #xlsx} with plain rows is read like
 * any workbook (the suite loads one as a control), so that a rejection of a hostile variant is due to
 * what was put into it, not to the package.
 */
final class HostileFiles {

    static final List<String> HEADER = List.of("指標コード", "年度", "実績値", "取組状況");

    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

    private HostileFiles() {
    }

    /** Writes the content of one part of a package. */
    interface Part {
        void writeTo(OutputStream out) throws IOException;

        static Part text(String xml) {
            return out -> out.write(xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    // --- hand-written xlsx packages ---

    /**
     * An xlsx package of one sheet 「実績報告」 with the given worksheet part and, if not null, a shared
     * strings part.
     */
    static Path xlsx(Path file, Part sheet, Part sharedStrings) throws IOException {
        Map<String, Part> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", Part.text(XML_DECLARATION
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + (sharedStrings == null ? "" : "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
                + "</Types>"));
        parts.put("_rels/.rels", Part.text(XML_DECLARATION + "<Relationships xmlns=\"" + REL_NS + "\">"
                + "<Relationship Id=\"rId1\" Type=\"" + DOC_REL + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>"));
        parts.put("xl/workbook.xml", Part.text(XML_DECLARATION + "<workbook xmlns=\"" + MAIN_NS + "\" xmlns:r=\""
                + DOC_REL + "\"><sheets><sheet name=\"実績報告\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
        parts.put("xl/_rels/workbook.xml.rels", Part.text(XML_DECLARATION + "<Relationships xmlns=\"" + REL_NS + "\">"
                + "<Relationship Id=\"rId1\" Type=\"" + DOC_REL + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (sharedStrings == null ? "" : "<Relationship Id=\"rId2\" Type=\"" + DOC_REL
                        + "/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                + "</Relationships>"));
        parts.put("xl/worksheets/sheet1.xml", sheet);
        if (sharedStrings != null) {
            parts.put("xl/sharedStrings.xml", sharedStrings);
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, Part> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                part.getValue().writeTo(zip);
                zip.closeEntry();
            }
        }
        return file;
    }

    /**
     * A worksheet part: {@code doctype} (may be empty) after the XML declaration, then the header row and
     * the given rows. A cell value is written as is, as inline text, so that it may hold an entity
     * reference; {@code s:N} refers to shared string N; {@code f:SUM(1,2)} is a formula without a result;
     * a number is a number.
     */
    static Part sheet(String doctype, List<List<String>> rows) {
        StringBuilder xml = new StringBuilder(XML_DECLARATION).append(doctype)
                .append("<worksheet xmlns=\"").append(MAIN_NS).append("\"><sheetData>");
        int r = 1;
        xml.append(row(r++, HEADER));
        for (List<String> row : rows) {
            xml.append(row(r++, row));
        }
        return Part.text(xml.append("</sheetData></worksheet>").toString());
    }

    private static String row(int r, List<String> values) {
        StringBuilder xml = new StringBuilder("<row r=\"").append(r).append("\">");
        for (int c = 0; c < values.size(); c++) {
            String ref = (char) ('A' + c) + Integer.toString(r);
            String value = values.get(c);
            if (value.startsWith("f:")) {
                // a formula, saved without its result as programs that do not calculate save it
                xml.append("<c r=\"").append(ref).append("\"><f>").append(value.substring(2)).append("</f></c>");
            } else if (value.matches("-?\\d+(\\.\\d+)?")) {
                xml.append("<c r=\"").append(ref).append("\"><v>").append(value).append("</v></c>");
            } else if (value.startsWith("s:")) {
                xml.append("<c r=\"").append(ref).append("\" t=\"s\"><v>").append(value.substring(2)).append("</v></c>");
            } else {
                xml.append("<c r=\"").append(ref).append("\" t=\"inlineStr\"><is><t>").append(value)
                        .append("</t></is></c>");
            }
        }
        return xml.append("</row>").toString();
    }

    /** A shared strings part with {@code doctype} (may be empty) and the given strings, written as is. */
    static Part sharedStrings(String doctype, List<String> strings) {
        StringBuilder xml = new StringBuilder(XML_DECLARATION).append(doctype).append("<sst xmlns=\"")
                .append(MAIN_NS).append("\" count=\"").append(strings.size()).append("\" uniqueCount=\"")
                .append(strings.size()).append("\">");
        strings.forEach(s -> xml.append("<si><t>").append(s).append("</t></si>"));
        return Part.text(xml.append("</sst>").toString());
    }

    /** A DOCTYPE declaring {@code &xxe;} as the content of a local file (an XML external entity). */
    static String externalEntity(String root, Path secret) {
        return "<!DOCTYPE " + root + " [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n";
    }

    /**
     * A DOCTYPE of nested entities ("billion laughs"): {@code &lol9;} expands to 10^9 times "lol", some
     * 3 GB of text, from a few hundred bytes.
     */
    static String billionLaughs(String root) {
        StringBuilder doctype = new StringBuilder("<!DOCTYPE " + root + " [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            doctype.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return doctype.append("]>\n").toString();
    }

    /**
     * A part whose text inflates to {@code inflatedBytes}: {@code before}, then one text node of repeated
     * letters, then {@code after}. Deflated at the highest level it takes about a thousandth on disk;
     * streamed out, so that writing it needs no memory.
     */
    static Part inflating(String before, long inflatedBytes, String after) {
        return out -> {
            out.write(before.getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'A');
            for (long left = inflatedBytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.write(after.getBytes(StandardCharsets.UTF_8));
        };
    }

    /** A zip bomb in the worksheet: one cell whose text is {@code inflatedBytes} long. */
    static Path sheetBomb(Path file, long inflatedBytes) throws IOException {
        String before = XML_DECLARATION + "<worksheet xmlns=\"" + MAIN_NS + "\"><sheetData>" + row(1, HEADER)
                + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>I-1-ア-1</t></is></c><c r=\"B2\"><v>2025</v></c>"
                + "<c r=\"C2\"><v>97</v></c><c r=\"D2\" t=\"inlineStr\"><is><t>";
        return xlsx(file, inflating(before, inflatedBytes, "</t></is></c></row></sheetData></worksheet>"), null);
    }

    /** A zip bomb in the shared strings, which a streaming reader keeps in memory before the first row. */
    static Path sharedStringsBomb(Path file, long inflatedBytes) throws IOException {
        String before = XML_DECLARATION + "<sst xmlns=\"" + MAIN_NS + "\" count=\"1\" uniqueCount=\"1\"><si><t>";
        return xlsx(file, sheet("", List.of(List.of("I-1-ア-1", "2025", "97", "s:0"))),
                inflating(before, inflatedBytes, "</t></si></sst>"));
    }

    // --- encrypted, old and broken Excel files ---

    /** An xlsx with an open password, as Excel 2010 and later write it (agile encryption in an OLE2 file). */
    static Path encryptedXlsx(Path file, byte[] plainXlsx) throws IOException, GeneralSecurityException {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("himitsu");
            try (OutputStream out = encryptor.getDataStream(fs)) {
                out.write(plainXlsx);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        return file;
    }

    /** A ZIP whose entries are marked encrypted in their local and central headers, as ZIP tools write them. */
    static byte[] passwordZip(String entryName, byte[] content) throws IOException {
        byte[] zip = zip(entryName, content);
        for (int i = 0; i + 4 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
                zip[i + 6] |= 1; // local header: general-purpose flag bit 0, encrypted
            } else if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                zip[i + 8] |= 1; // central directory
            }
        }
        return zip;
    }

    /** An ordinary ZIP of one file, as Windows' 「送る」→「圧縮 (zip 形式) フォルダー」 makes it. */
    static byte[] zip(String entryName, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * An Excel 5.0/95 workbook (BIFF5): an OLE2 file whose stream is named "Book" (BIFF8 names it
     * "Workbook"), holding a BIFF5 BOF record and an EOF record.
     */
    static Path biff5(Path file) throws IOException {
        ByteBuffer stream = ByteBuffer.allocate(4 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        stream.putShort((short) 0x0809).putShort((short) 8); // BOF
        stream.putShort((short) 0x0500).putShort((short) 0x0005); // BIFF5, workbook globals
        stream.putShort((short) 0x096C).putShort((short) 0x07C9); // build, year 1993
        stream.putShort((short) 0x000A).putShort((short) 0); // EOF
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            fs.createDocument(new ByteArrayInputStream(stream.array()), "Book");
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        return file;
    }

    /** A good xlsx (by POI) of the given rows. */
    static byte[] poiXlsx(List<List<Object>> rows) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            fill(wb, rows);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** A good xls (BIFF8, by POI) of the given rows. */
    static byte[] poiXls(List<List<Object>> rows) throws IOException {
        try (HSSFWorkbook wb = new HSSFWorkbook()) {
            fill(wb, rows);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static void fill(org.apache.poi.ss.usermodel.Workbook wb, List<List<Object>> rows) {
        var sheet = wb.createSheet("実績報告");
        var header = sheet.createRow(0);
        for (int i = 0; i < HEADER.size(); i++) {
            header.createCell(i).setCellValue(HEADER.get(i));
        }
        int r = 1;
        for (List<Object> values : rows) {
            var row = sheet.createRow(r++);
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof Number n) {
                    row.createCell(i).setCellValue(n.doubleValue());
                } else {
                    row.createCell(i).setCellValue(values.get(i).toString());
                }
            }
        }
    }

    /** The first half of a file, as a copy that broke off or a mail client that cut an attachment. */
    static byte[] firstHalf(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    // --- what is no workbook at all ---

    /** Random bytes (fixed seed) that start like nothing the reader knows. */
    static byte[] garbage(int length, long seed) {
        byte[] noise = new byte[length];
        new Random(seed).nextBytes(noise);
        noise[0] = 'x';
        noise[1] = 0;
        return noise;
    }

    /** A real PNG picture. */
    static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    // --- CSV ---

    /** CSV text of the header and rows, quoted where needed, CRLF line ends. */
    static String csvText(List<List<String>> rows) {
        StringBuilder text = new StringBuilder(String.join(",", HEADER)).append("\r\n");
        for (List<String> row : rows) {
            text.append(String.join(",", row.stream().map(HostileFiles::quote).toList())).append("\r\n");
        }
        return text.toString();
    }

    static Path csv(Path file, Charset charset, List<List<String>> rows) throws IOException {
        return Files.write(file, csvText(rows).getBytes(charset));
    }

    private static String quote(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /**
     * A CSV that is neither UTF-8 nor Windows-31J: 0x81 followed by a space is a stray continuation byte
     * in UTF-8 and a lead byte without a valid second byte in Windows-31J.
     */
    static Path undecodableCsv(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(csvText(List.of(List.of("I-1-ア-1", "2025", "97", "研修を実施"))).getBytes(StandardCharsets.UTF_8));
        bytes.write("I-1-イ-1,2025,96,".getBytes(StandardCharsets.US_ASCII));
        bytes.write(new byte[] {(byte) 0x81, ' ', (byte) 0xFF, (byte) 0xFE, '\r', '\n'});
        return Files.write(file, bytes.toByteArray());
    }

    /** A CSV (Windows-31J, as Japanese Excel saves it) with one cell of {@code chars} characters. */
    static Path longCellCsv(Path file, int chars) throws IOException {
        String sentence = "研修を実施しました。";
        try (Writer out = Files.newBufferedWriter(file, Charset.forName("windows-31j"))) {
            out.write(String.join(",", HEADER) + "\r\n");
            out.write("I-1-ア-1,2025,97,");
            for (int i = 0; i < chars / sentence.length(); i++) {
                out.write(sentence);
            }
            out.write("\r\n");
        }
        return file;
    }

    /** A UTF-8 CSV of {@code rows} data rows. */
    static Path manyRowsCsv(Path file, int rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", HEADER) + "\r\n");
            for (int i = 0; i < rows; i++) {
                out.write("I-1-ア-1,2025,97,研修を実施（" + i + "）\r\n");
            }
        }
        return file;
    }
}
