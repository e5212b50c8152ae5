package jp.reform.collector.read;

/** Excel column letters (A, B, … Z, AA, …) for 0-based column indexes and back. */
final class ColumnLetters {

    private ColumnLetters() {
    }

    static String of(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.append((char) ('A' + (n - 1) % 26));
        }
        return letters.reverse().toString();
    }

    /** The 0-based column of a cell reference such as "AB12", or -1 when it has no letters. */
    static int indexOf(String cellReference) {
        int index = 0;
        int i = 0;
        while (i < cellReference.length()) {
            char c = cellReference.charAt(i);
            if (c < 'A' || c > 'Z') {
                break;
            }
            index = index * 26 + (c - 'A' + 1);
            i++;
        }
        return index - 1;
    }
}
