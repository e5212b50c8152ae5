package jp.reform.collector.read;

/** The one cleaning applied to every cell text: line breaks as \n, surrounding blanks removed, no U+FFFF or U+FFFE. */
final class CellText {

    private CellText() {
    }

    /** Trimmed text with CR LF / CR as LF; "" for null. Not Unicode-normalised: that is for later stages. */
    static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String text = raw.indexOf('\r') < 0 ? raw : raw.replace("\r\n", "\n").replace('\r', '\n');
        // U+FFFF marks a formula without its result (SourceCell.UNCALCULATED), U+FFFE an error value
        // (SourceCell.ERROR_VALUE); in a text they are no characters
        text = text.indexOf('\uFFFF') < 0 ? text : text.replace('\uFFFF', '\uFFFD');
        text = text.indexOf('\uFFFE') < 0 ? text : text.replace('\uFFFE', '\uFFFD');
        return text.strip();
    }
}
