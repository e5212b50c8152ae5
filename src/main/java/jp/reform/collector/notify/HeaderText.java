package jp.reform.collector.notify;

/**
 * Text bound for a mail header (a subject, an attachment's file name) that may hold a department's file
 * name or a sender's subject: on one line, so that it can never start a header of its own
 * ({@code "報告\r\nBcc: …"}), and without the bidi controls that would show "報告exe.xlsx" for
 * "報告\u202Exslx.exe". Jakarta Mail folds and encodes the result; this only decides what it is given.
 */
final class HeaderText {

    private HeaderText() {
    }

    /** Control characters and line or paragraph separators become one space each run; bidi controls go. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else if (!isBidiControl(cp)) {
                out.appendCodePoint(cp);
                space = false;
            }
        }
        return out.toString().strip();
    }

    /** LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and the isolates LRI, RLI, FSI, PDI (U+2066–U+2069). */
    private static boolean isBidiControl(int cp) {
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }
}
