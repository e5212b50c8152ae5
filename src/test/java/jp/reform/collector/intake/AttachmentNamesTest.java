package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AttachmentNamesTest {

    private static final Charset JIS = Charset.forName("x-windows-iso2022jp");
    private static final Charset SJIS = Charset.forName("windows-31j");
    private static final Charset UTF8 = StandardCharsets.UTF_8;

    private static final String FINANCE = "実績報告_財政課①.xlsx";
    private static final String REFORM = "令和7年度_行革実績(㈱含む).csv";
    private static final String QUARTER = "実績（4月～6月）①.xlsx";

    @Nested
    class Rfc2231 {

        @Test
        void iso2022jpWithWindowsCharacters() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename*=ISO-2022-JP''" + percent(FINANCE, JIS)))
                    .contains(FINANCE);
        }

        @Test
        void utf8() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename*=UTF-8''" + percent(REFORM, UTF8)))
                    .contains(REFORM);
        }

        @Test
        void iso2022jpContinuationsFoldedAndCutInsideAnEscapeSequence() throws Exception {
            String encoded = percent(REFORM, JIS);
            List<String> pieces = new ArrayList<>(List.of(encoded.substring(0, 6)));
            pieces.addAll(split(encoded.substring(6), 3));
            assertThat(pieces.get(0)).isEqualTo("%1B%24");
            assertThat(nameOf("Content-Disposition: attachment;\r\n"
                    + " filename*0*=ISO-2022-JP''" + pieces.get(0) + ";\r\n"
                    + " filename*1*=" + pieces.get(1) + ";\r\n"
                    + "\tfilename*2*=" + pieces.get(2) + ";\r\n"
                    + " filename*3*=" + pieces.get(3)))
                    .contains(REFORM);
        }

        @Test
        void utf8ContinuationsCutInsideACharacterWithAPlainLastSegment() throws Exception {
            // 実 is three bytes: cut after the first one
            String encoded = percent("実績報告_財政課①", UTF8);
            assertThat(nameOf("Content-Disposition: attachment;\r\n"
                    + " filename*0*=UTF-8'ja'" + encoded.substring(0, 3) + ";\r\n"
                    + " filename*1*=" + encoded.substring(3) + ";\r\n"
                    + " filename*2=\".xlsx\""))
                    .contains(FINANCE);
        }

        @Test
        void continuationsCutInsideAPercentEscape() throws Exception {
            // "%E5%A" + "E%9F…": the one case Jakarta Mail's ParameterList cannot join by itself
            String encoded = percent(FINANCE, UTF8);
            assertThat(nameOf("Content-Disposition: attachment;\r\n"
                    + " filename*0*=UTF-8''" + encoded.substring(0, 5) + ";\r\n"
                    + " filename*1*=" + encoded.substring(5, 13) + ";\r\n"
                    + " filename*2*=" + encoded.substring(13)))
                    .contains(FINANCE);
        }

        @Test
        void unknownCharsetMeansUtf8() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename*=X-NO-SUCH'ja'" + percent(REFORM, UTF8)))
                    .contains(REFORM);
        }

        @Test
        void segmentsOutOfOrderStillJoinInOrder() throws Exception {
            String encoded = percent(FINANCE, UTF8);
            int cut = encoded.length() / 2 / 3 * 3;
            assertThat(nameOf("Content-Disposition: attachment; filename*1*=" + encoded.substring(cut)
                    + "; filename*0*=utf-8''" + encoded.substring(0, cut)))
                    .contains(FINANCE);
        }

        @Test
        void contentTypeNameInShiftJis() throws Exception {
            assertThat(nameOf("Content-Type: application/vnd.ms-excel; name*=Shift_JIS''" + percent(QUARTER, SJIS)))
                    .contains(QUARTER);
        }

        @Test
        void extendedFormWinsOverThePlainOne() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"fallback.xlsx\"; filename*=UTF-8''"
                    + percent(FINANCE, UTF8)))
                    .contains(FINANCE);
        }

        @Test
        void latin1StaysLatin1() throws Exception {
            // a properly encoded name is never taken for raw Shift_JIS bytes (Ü would be ﾜ)
            assertThat(nameOf("Content-Disposition: attachment; filename*=ISO-8859-1''%DCbersicht.csv"))
                    .contains("Übersicht.csv");
            assertThat(nameOf("Content-Disposition: attachment; filename=\"=?ISO-8859-1?Q?=DCbersicht.csv?=\""))
                    .contains("Übersicht.csv");
        }

        @Test
        void missingCharsetMeansUtf8() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename*=''" + percent(REFORM, UTF8)))
                    .contains(REFORM);
        }
    }

    @Nested
    class Rfc2047 {

        @Test
        void iso2022jpBase64InAQuotedFilename() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + word("ISO-2022-JP", FINANCE, JIS) + "\""))
                    .contains(FINANCE);
        }

        @Test
        void iso2022jpKeepsCircledDigitsCompanyMarkAndWaveDash() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + word("iso-2022-jp", QUARTER, JIS) + "\""))
                    .contains(QUARTER);
        }

        @Test
        void utf8Base64() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + word("UTF-8", REFORM, UTF8) + "\""))
                    .contains(REFORM);
        }

        @Test
        void shiftJisMeansWindows31j() throws Exception {
            // Java's strict Shift_JIS would give 〜 (U+301C) for ～ and U+FFFD for ①
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + word("Shift_JIS", QUARTER, SJIS) + "\""))
                    .contains(QUARTER);
        }

        @Test
        void qEncodingWithUnderscoreForSpace() throws Exception {
            String q = "=?UTF-8?Q?" + percent("実績 報告", UTF8).replace('%', '=').replace("=20", "_") + ".csv?=";
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + q + "\"")).contains("実績 報告.csv");
        }

        @Test
        void severalWordsFoldedOverLinesSplitMidName() throws Exception {
            String header = "Content-Disposition: attachment;\r\n filename=\""
                    + word("ISO-2022-JP", "令和7年度_行革", JIS) + "\r\n "
                    + word("ISO-2022-JP", "実績(㈱含む)", JIS) + "\r\n\t"
                    + word("ISO-2022-JP", ".csv", JIS) + "\"";
            assertThat(nameOf(header)).contains(REFORM);
        }

        @Test
        void utf8WordsCutInsideACharacter() throws Exception {
            byte[] bytes = FINANCE.getBytes(UTF8);
            String first = Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, 0, 7));
            String second = Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, 7, bytes.length));
            assertThat(nameOf("Content-Disposition: attachment;\r\n filename=\"=?UTF-8?B?" + first
                    + "?=\r\n =?UTF-8?B?" + second + "?=\""))
                    .contains(FINANCE);
        }

        @Test
        void iso2022jpEscapeInOneWordTextInTheNext() throws Exception {
            byte[] bytes = FINANCE.getBytes(JIS);
            String first = Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, 0, 5));
            String second = Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, 5, bytes.length));
            assertThat(nameOf("Content-Disposition: attachment; filename=\"=?ISO-2022-JP?B?" + first
                    + "?==?ISO-2022-JP?B?" + second + "?=\""))
                    .contains(FINANCE);
        }

        @Test
        void wordsInDifferentCharsetsAndPlainTextAround() throws Exception {
            String value = "R7_" + word("UTF-8", "財政課", UTF8) + " " + word("Shift_JIS", "①", SJIS) + "_final.xlsx";
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + value + "\""))
                    .contains("R7_財政課①_final.xlsx");
        }

        @Test
        void contentTypeNameUnquoted() throws Exception {
            assertThat(nameOf("Content-Type: application/octet-stream; name=" + word("Shift_JIS", FINANCE, SJIS)))
                    .contains(FINANCE);
        }

        @Test
        void languageInTheCharsetIsIgnored() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + word("UTF-8*ja", REFORM, UTF8) + "\""))
                    .contains(REFORM);
        }

        @Test
        void undecodableWordsStayAsWritten() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"=?X-NO-SUCH?B?QUJD?=.csv\""))
                    .contains("=?X-NO-SUCH?B?QUJD?=.csv");
            assertThat(nameOf("Content-Disposition: attachment; filename=\"=?UTF-8?B?@@@?=.csv\""))
                    .contains("=?UTF-8?B?@@@?=.csv");
        }

        @Test
        void rfc2231ValueHoldingEncodedWords() throws Exception {
            String value = percent(word("UTF-8", FINANCE, UTF8), UTF8);
            assertThat(nameOf("Content-Disposition: attachment; filename*=UTF-8''" + value)).contains(FINANCE);
        }
    }

    @Nested
    class Sources {

        @Test
        void dispositionWinsOverContentType() throws Exception {
            assertThat(nameOf("Content-Type: text/csv; name=\"type.csv\"",
                    "Content-Disposition: attachment; filename=\"" + word("UTF-8", REFORM, UTF8) + "\""))
                    .contains(REFORM);
        }

        @Test
        void contentTypeWhenTheDispositionNamesNoFile() throws Exception {
            assertThat(nameOf("Content-Type: text/csv; name=\"" + word("ISO-2022-JP", REFORM, JIS) + "\"",
                    "Content-Disposition: attachment"))
                    .contains(REFORM);
            assertThat(nameOf("Content-Type: text/csv; name=\"type.csv\"", "Content-Disposition: attachment; filename=\"\""))
                    .contains("type.csv");
        }

        @Test
        void plainAsciiNames() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"report 2025.xlsx\"")).contains("report 2025.xlsx");
            assertThat(nameOf("Content-Disposition: attachment; filename=report.csv")).contains("report.csv");
            assertThat(nameOf("Content-Disposition: attachment; FileName=\"Upper.csv\"")).contains("Upper.csv");
            assertThat(nameOf("Content-Disposition: attachment; filename=\"a\\\"b.csv\"")).contains("a\"b.csv");
        }

        @Test
        void sloppyHeadersStillGiveTheName() throws Exception {
            assertThat(nameOf("Content-Disposition: attachment; filename=\"unterminated.xlsx")).contains("unterminated.xlsx");
            assertThat(nameOf("Content-Disposition: attachment; filename=report (1).xlsx; size=10"))
                    .contains("report (1).xlsx");
            assertThat(nameOf("Content-Disposition: attachment filename=\"no-semicolon.csv\"")).contains("no-semicolon.csv");
            assertThat(nameOf("Content-Disposition: attachment; size=12; filename=\"after;semicolon.csv\"; x=1"))
                    .contains("after;semicolon.csv");
        }

        @Test
        void rawEightBitNames() throws Exception {
            String utf8 = new String(FINANCE.getBytes(UTF8), StandardCharsets.ISO_8859_1);
            String sjis = new String(QUARTER.getBytes(SJIS), StandardCharsets.ISO_8859_1);
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + utf8 + "\"")).contains(FINANCE);
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + sjis + "\"")).contains(QUARTER);
        }

        @Test
        void rawIso2022jpNamesOfOldJapaneseMailers() throws Exception {
            // 7-bit JIS with its escape sequences, no RFC 2047 (shown as $B<B@S…(B.csv before)
            String jis = new String(FINANCE.getBytes(JIS), StandardCharsets.ISO_8859_1);
            assertThat(jis).startsWith("\u001B$B");
            assertThat(nameOf("Content-Disposition: attachment; filename=\"" + jis + "\"")).contains(FINANCE);
            // JIS X 0208 of 1978 (ESC $ @), back to JIS-Roman (ESC ( J), never switched back at all
            assertThat(MimeParameters.fromRawJis("\u001B$@<B@S\u001B(J.csv")).isEqualTo("実績.csv");
            assertThat(MimeParameters.fromRawJis("a \u001B$B<B@S")).isEqualTo("a 実績");
            assertThat(MimeParameters.fromRawJis("report \u001B$B<B@S\u001B(B and 報告"))
                    .isEqualTo("report 実績 and 報告");
            // an escape that is no JIS stays as it came
            assertThat(MimeParameters.fromRawJis("x\u001B[31mred")).isEqualTo("x\u001B[31mred");
        }

        @Test
        void rawUtf8InASessionThatAllowsIt() throws Exception {
            Properties properties = new Properties();
            properties.setProperty("mail.mime.allowutf8", "true");
            byte[] raw = message("Content-Disposition: attachment; filename=\"" + new String(FINANCE.getBytes(UTF8),
                    StandardCharsets.ISO_8859_1) + "\"");
            MimeMessage message = new MimeMessage(Session.getInstance(properties), new ByteArrayInputStream(raw));
            assertThat(names(message)).containsExactly(Optional.empty(), Optional.of(FINANCE));
        }

        @Test
        void partsWithoutANameAreEmpty() throws Exception {
            assertThat(nameOf("Content-Type: application/octet-stream")).isEmpty();
            assertThat(nameOf("Content-Disposition: attachment")).isEmpty();
            assertThat(nameOf("Content-Disposition: inline; filename=\"  \"")).isEmpty();
            assertThat(nameOf("Content-Disposition: attachment; filename*=UTF-8''")).isEmpty();
        }

        @Test
        void aWholeMessageWalkedDownToEveryPart() throws Exception {
            String raw = "From: zaisei@city.example.jp\r\n"
                    + "To: jisseki@city.example.jp\r\n"
                    + "Subject: =?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString("実績報告".getBytes(JIS)) + "?=\r\n"
                    + "MIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
                    + "\r\n"
                    + "--outer\r\n"
                    + "Content-Type: multipart/alternative; boundary=\"inner\"\r\n"
                    + "\r\n"
                    + "--inner\r\n"
                    + "Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\nbody\r\n"
                    + "--inner\r\n"
                    + "Content-Type: text/html; charset=UTF-8\r\n\r\n<p>body</p>\r\n"
                    + "--inner--\r\n"
                    + "--outer\r\n"
                    + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n"
                    + " name=\"" + word("ISO-2022-JP", FINANCE, JIS) + "\"\r\n"
                    + "Content-Disposition: attachment;\r\n"
                    + " filename*=ISO-2022-JP''" + percent(FINANCE, JIS) + "\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n"
                    + "--outer\r\n"
                    + "Content-Type: text/csv; name=\"" + word("Shift_JIS", REFORM, SJIS) + "\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nYSxiDQo=\r\n"
                    + "--outer--\r\n";
            MimeMessage message = parse(raw.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(AttachmentNames.of(message)).isEmpty();
            assertThat(names(message)).containsExactly(Optional.empty(), Optional.empty(),
                    Optional.of(FINANCE), Optional.of(REFORM));
        }

        @Test
        void angusMailsOwnDecodingKeepsTheWindowsCharactersThroughTheCharsetMap() throws Exception {
            // META-INF/jakarta.charset.map: without it the JDK's strict ISO-2022-JP behind getFileName() loses ①
            Part part = parts(parse(message("Content-Disposition: attachment; filename*=ISO-2022-JP''"
                    + percent(FINANCE, JIS)))).get(1);
            assertThat(part.getFileName()).isEqualTo(FINANCE);
            assertThat(AttachmentNames.of(part)).contains(FINANCE);
        }
    }

    @Nested
    class SafeFileName {

        @Test
        void keepsAnOrdinaryName() {
            assertThat(AttachmentNames.safeFileName(FINANCE)).isEqualTo(FINANCE);
            assertThat(AttachmentNames.safeFileName(REFORM)).isEqualTo(REFORM);
        }

        @Test
        void keepsOnlyTheLastPathSegment() {
            assertThat(AttachmentNames.safeFileName("../../etc/passwd")).isEqualTo("passwd");
            assertThat(AttachmentNames.safeFileName("C:\\Users\\a\\実績.xlsx")).isEqualTo("実績.xlsx");
            assertThat(AttachmentNames.safeFileName("..\\..\\x.xlsx")).isEqualTo("x.xlsx");
            assertThat(AttachmentNames.safeFileName("folder/")).isEqualTo("attachment");
        }

        @Test
        void dotsAloneNeverSurvive() {
            assertThat(AttachmentNames.safeFileName("..")).isEqualTo("attachment");
            assertThat(AttachmentNames.safeFileName(".")).isEqualTo("attachment");
            assertThat(AttachmentNames.safeFileName(". . .")).isEqualTo("attachment");
            assertThat(AttachmentNames.safeFileName("a/..")).isEqualTo("attachment");
            assertThat(AttachmentNames.safeFileName("..\u0000.")).isEqualTo("attachment");
        }

        @Test
        void blankGivesAttachmentWithTheExtensionIfAny() {
            assertThat(AttachmentNames.safeFileName("")).isEqualTo("attachment");
            assertThat(AttachmentNames.safeFileName("   ")).isEqualTo("attachment");
            assertThat(AttachmentNames.safeFileName(null)).isEqualTo("attachment");
            assertThat(AttachmentNames.safeFileName(".xlsx")).isEqualTo("attachment.xlsx");
            assertThat(AttachmentNames.safeFileName("...csv")).isEqualTo("attachment.csv");
            assertThat(AttachmentNames.safeFileName("\u0001\u0002.csv")).isEqualTo("attachment.csv");
        }

        @Test
        void reservedDeviceNamesArePrefixed() {
            assertThat(AttachmentNames.safeFileName("CON.xlsx")).isEqualTo("_CON.xlsx");
            assertThat(AttachmentNames.safeFileName("con")).isEqualTo("_con");
            assertThat(AttachmentNames.safeFileName("Nul.tar.gz")).isEqualTo("_Nul.tar.gz");
            assertThat(AttachmentNames.safeFileName("lpt9.csv")).isEqualTo("_lpt9.csv");
            assertThat(AttachmentNames.safeFileName("COM1")).isEqualTo("_COM1");
            assertThat(AttachmentNames.safeFileName("AUX .csv")).isEqualTo("_AUX .csv");
            assertThat(AttachmentNames.safeFileName("PRN.")).isEqualTo("_PRN");
            assertThat(AttachmentNames.safeFileName("COM\u00B9.txt")).isEqualTo("_COM\u00B9.txt");
            assertThat(AttachmentNames.safeFileName("COM10.csv")).isEqualTo("COM10.csv");
            assertThat(AttachmentNames.safeFileName("CONSOLE.xlsx")).isEqualTo("CONSOLE.xlsx");
            assertThat(AttachmentNames.safeFileName("財政課_CON.xlsx")).isEqualTo("財政課_CON.xlsx");
        }

        @Test
        void forbiddenCharactersAreReplaced() {
            assertThat(AttachmentNames.safeFileName("a<b>.csv")).isEqualTo("a_b_.csv");
            assertThat(AttachmentNames.safeFileName("what?*|\".xlsx")).isEqualTo("what____.xlsx");
            assertThat(AttachmentNames.safeFileName("file.xlsx:Zone.Identifier")).isEqualTo("file.xlsx_Zone.Identifier");
        }

        @Test
        void controlAndFormattingCharactersAreRemoved() {
            assertThat(AttachmentNames.safeFileName("a\u0000b\r\n\t.csv")).isEqualTo("ab.csv");
            // a right-to-left override would show "報告xlsx.exe" as "報告exe.xlsx"
            assertThat(AttachmentNames.safeFileName("報告\u202Exslx.exe")).isEqualTo("報告xslx.exe");
            assertThat(AttachmentNames.safeFileName("\uFEFF実績\u200B.xlsx")).isEqualTo("実績.xlsx");
            assertThat(AttachmentNames.safeFileName("lone\uD800.csv")).isEqualTo("lone.csv");
        }

        @Test
        void trimsDotsAndSpaces() {
            assertThat(AttachmentNames.safeFileName("report.xlsx. . ")).isEqualTo("report.xlsx");
            assertThat(AttachmentNames.safeFileName(".hidden report.csv")).isEqualTo("hidden report.csv");
            assertThat(AttachmentNames.safeFileName("\u3000実績.csv\u3000")).isEqualTo("実績.csv");
        }

        @Test
        void normalisesToNfc() {
            assertThat(AttachmentNames.safeFileName("か\u3099いとう.csv")).isEqualTo("がいとう.csv");
            assertThat(AttachmentNames.safeFileName("ﾃﾞｰﾀ.csv")).isEqualTo("ﾃﾞｰﾀ.csv");
        }

        @Test
        void longNamesAreCutKeepingTheExtension() {
            String safe = AttachmentNames.safeFileName("財".repeat(300) + ".xlsx");
            assertThat(safe).hasSize(120).endsWith("財.xlsx");

            String astral = AttachmentNames.safeFileName("𠮷".repeat(200) + ".csv");
            // cut between characters, never inside a surrogate pair
            assertThat(astral).isEqualTo("𠮷".repeat(116) + ".csv");

            assertThat(AttachmentNames.safeFileName("a".repeat(300))).isEqualTo("a".repeat(120));
            assertThat(AttachmentNames.safeFileName("a".repeat(118) + " . . " + "b".repeat(200) + ".csv"))
                    .hasSizeLessThanOrEqualTo(120).endsWith(".csv");
            assertThat(AttachmentNames.safeFileName("x." + "y".repeat(300))).hasSize(120);
        }

        @Test
        void safeNamesResolveInsideTheirFolder() {
            java.nio.file.Path folder = java.nio.file.Path.of("/tmp/received").toAbsolutePath();
            for (String hostile : List.of("../../etc/passwd", "..", "...", "./..", "C:\\Windows\\win.ini",
                    "\\\\server\\share\\x.xlsx", "a/../../b", "%2e%2e", "..\u0000/x", "")) {
                String safe = AttachmentNames.safeFileName(hostile);
                assertThat(folder.resolve(safe).normalize().getParent()).as(hostile).isEqualTo(folder);
                assertThat(safe).as(hostile).isNotIn("", ".", "..");
            }
        }
    }

    // --- building and walking raw messages ---

    /** The name of the one attachment in a message whose second part has these header lines. */
    private static Optional<String> nameOf(String... headerLines) throws MessagingException, IOException {
        List<Part> parts = parts(parse(message(headerLines)));
        assertThat(parts).hasSize(2);
        assertThat(AttachmentNames.of(parts.get(0))).isEmpty();
        return AttachmentNames.of(parts.get(1));
    }

    /**
     * multipart/mixed with a text body and one attachment with the given header lines. Each char of the
     * text is one byte (ISO-8859-1), so that tests can put raw 8-bit bytes into headers.
     */
    private static byte[] message(String... headerLines) {
        StringBuilder raw = new StringBuilder()
                .append("From: kikaku@city.example.jp\r\n")
                .append("To: jisseki@city.example.jp\r\n")
                .append("Subject: results\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"=_boundary\"\r\n")
                .append("\r\n")
                .append("--=_boundary\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n")
                .append("\r\n")
                .append("see attached\r\n")
                .append("--=_boundary\r\n");
        boolean hasType = false;
        for (String line : headerLines) {
            raw.append(line).append("\r\n");
            hasType |= line.startsWith("Content-Type:");
        }
        if (!hasType) {
            raw.append("Content-Type: application/octet-stream\r\n");
        }
        raw.append("Content-Transfer-Encoding: base64\r\n")
                .append("\r\n")
                .append("UEsDBBQAAAAIAA==\r\n")
                .append("--=_boundary--\r\n");
        return raw.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    /** Every leaf part, depth first. */
    private static List<Part> parts(Part part) throws MessagingException, IOException {
        List<Part> leaves = new ArrayList<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                leaves.addAll(parts(child));
            }
        } else {
            leaves.add(part);
        }
        return leaves;
    }

    private static List<Optional<String>> names(Part message) throws MessagingException, IOException {
        List<Optional<String>> names = new ArrayList<>();
        for (Part part : parts(message)) {
            names.add(AttachmentNames.of(part));
        }
        return names;
    }

    private static String percent(String text, Charset charset) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(charset)) {
            out.append(String.format("%%%02X", b & 0xFF));
        }
        return out.toString();
    }

    private static String word(String label, String text, Charset charset) {
        return "=?" + label + "?B?" + Base64.getEncoder().encodeToString(text.getBytes(charset)) + "?=";
    }

    /** The %XX string cut into {@code count} pieces at %XX boundaries. */
    private static List<String> split(String percentEncoded, int count) {
        int bytes = percentEncoded.length() / 3;
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pieces.add(percentEncoded.substring(i * bytes / count * 3, (i + 1) * bytes / count * 3));
        }
        return pieces;
    }
}
