package jp.reform.collector.read;

/** The one cleaning applied to every cell text: line breaks as \n, surrounding blanks removed, no U+FFFF. */
final class CellText {

    private CellText() {
    }

    /** Trimmed text with CR LF / CR as LF; "" for null. Not Unicode-normalised: that is for later stages. */
    static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String text = raw.indexOf('\r') < 0 ? raw : raw.replace("\r\n", "\n").replace('\r', '\n');
        // U+FFFF marks a formula without its result (SourceCell.UNCALCULATED); in a text it is no character
        text = text.indexOf('\uFFFF') < 0 ? text : text.replace('\uFFFF', '\uFFFD');
        return text.strip();
    }
}
