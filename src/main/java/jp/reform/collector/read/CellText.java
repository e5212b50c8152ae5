package jp.reform.collector.read;

/** The one cleaning applied to every cell text: line breaks as \n, surrounding blanks removed. */
final class CellText {

    private CellText() {
    }

    /** Trimmed text with CR LF / CR as LF; "" for null. Not Unicode-normalised: that is for later stages. */
    static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String text = raw.indexOf('\r') < 0 ? raw : raw.replace("\r\n", "\n").replace('\r', '\n');
        return text.strip();
    }
}
