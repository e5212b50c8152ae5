package jp.reform.collector.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides how a department's CSV file is encoded without guessing: a byte-order mark decides; without
 * one the whole file must decode strictly as UTF-8, else strictly as Windows-31J (what Japanese Excel
 * writes as "CSV"; Java's "Shift_JIS" maps ～ － ① ㈱ differently or not at all). The check streams
 * the file, so memory stays flat whatever its size.
 */
final class CsvEncodingDetector {

    static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private CsvEncodingDetector() {
    }

    /**
     * How the file reads: character set, the byte-order mark to skip and the delimiter.
     *
     * @param bomLength bytes of byte-order mark at the start of the file
     * @param delimiter tab when the first line with a delimiter has more tabs than commas (Excel
     *                  "Unicode text"), else comma
     */
    record CsvEncoding(Charset charset, int bomLength, char delimiter) {

        /** A fresh strict decoder: malformed or unmappable input is an error, never replaced. */
        CharsetDecoder strictDecoder() {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }

        /** The decoded content after the byte-order mark. */
        Reader open(Path file) throws IOException {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            try {
                in.skipNBytes(bomLength);
                return new InputStreamReader(in, strictDecoder());
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }
    }

    /**
     * The file in none of the accepted encodings, with the line (1 = the first) where the encoding that read
     * furthest met what it could not read: one stray byte in a Shift_JIS file is found without reading it all.
     */
    static final class Undecodable extends Exception {
        private final int line;

        private Undecodable(int line) {
            super("undecodable from line " + line, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /** The encoding; {@link Undecodable} when the content decodes in none of the accepted encodings. */
    static CsvEncoding detect(Path file) throws IOException, Undecodable {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(3);
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return validate(file, StandardCharsets.UTF_8, 3);
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            return validate(file, StandardCharsets.UTF_16LE, 2);
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            return validate(file, StandardCharsets.UTF_16BE, 2);
        }
        int furthest = 1;
        for (Charset candidate : List.of(StandardCharsets.UTF_8, WINDOWS_31J)) {
            try {
                return validate(file, candidate, 0);
            } catch (Undecodable e) {
                furthest = Math.max(furthest, e.line());
            }
        }
        throw new Undecodable(furthest);
    }

    /**
     * Decodes the whole file strictly, noting the delimiter and counting lines on the way. Decoded by hand rather
     * than through a Reader, which fails before it hands out what it decoded ahead: the line of the first byte
     * that does not decode is then exact.
     */
    private static CsvEncoding validate(Path file, Charset charset, int bomLength) throws IOException, Undecodable {
        CsvEncoding probe = new CsvEncoding(charset, bomLength, ',');
        CharsetDecoder decoder = probe.strictDecoder();
        DelimiterProbe delimiter = new DelimiterProbe();
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        CharBuffer chars = CharBuffer.allocate(64 * 1024);
        int line = 1;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(bomLength);
            boolean end = false;
            while (true) {
                if (!end) {
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        end = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                }
                bytes.flip();
                CoderResult result = decoder.decode(bytes, chars, end);
                if (end && !result.isError()) {
                    result = decoder.flush(chars);
                }
                chars.flip();
                while (chars.hasRemaining()) {
                    char c = chars.get();
                    // a NUL is valid UTF-8 but never in a text CSV: UTF-16 without BOM or a binary file
                    if (c == '\0') {
                        throw new Undecodable(line);
                    }
                    if (c == '\n') {
                        line++;
                    }
                    delimiter.accept(c);
                }
                chars.clear();
                if (result.isError()) {
                    throw new Undecodable(line);
                }
                bytes.compact();
                if (end && !result.isOverflow() && bytes.position() == 0) {
                    return new CsvEncoding(charset, bomLength, delimiter.delimiter());
                }
            }
        }
    }

    private static boolean startsWith(byte[] head, int... bom) {
        if (head.length < bom.length) {
            return false;
        }
        for (int i = 0; i < bom.length; i++) {
            if ((head[i] & 0xFF) != bom[i]) {
                return false;
            }
        }
        return true;
    }

    /** Counts tabs and commas on the first line that has either (a single-cell title line has none). */
    private static final class DelimiterProbe {
        private int tabs;
        private int commas;
        private boolean decided;

        void accept(char c) {
            if (decided) {
                return;
            }
            if (c == '\t') {
                tabs++;
            } else if (c == ',') {
                commas++;
            } else if ((c == '\n' || c == '\r') && tabs + commas > 0) {
                decided = true;
            }
        }

        char delimiter() {
            return tabs > commas ? '\t' : ',';
        }
    }
}
