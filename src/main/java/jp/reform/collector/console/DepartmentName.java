package jp.reform.collector.console;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.reform.collector.master.Department;
import jp.reform.collector.report.ReportText;

/**
 * A 課's name as the division types it for a new 課 or a renamed one (課の設定), checked before config/departments.csv
 * is touched. The name is also a folder of the shared inbox (inbox\&lt;課&gt;\), a cell of every workbook and a word
 * of every mail, so it is refused with what to put right when Windows could not make it a folder, when Excel would
 * read it as a formula, when it holds a character a reader does not see (it would look like another 課's name), or
 * when it is already a 課's name or former name, as the loader compares names (full-width ＤＸ is DX) and as Windows
 * finds a folder (dx推進課 is the folder of DX推進課).
 */
final class DepartmentName {

    /** Longer than any 課 (「市民協働推進課」 is 7); a longer one is a sentence typed into the box. */
    static final int MAX_LENGTH = 30;
    /** What Windows does not take in a folder name, the CSV's separators, and invisible or control characters. */
    private static final Pattern UNUSABLE = Pattern.compile("[\\\\/:*?\"<>|,\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");
    /**
     * What a reader does not see, or sees as part of the character before it: combining marks and variation selectors
     * (「職員課」 with U+FE0F), Hangul fillers and the blank braille pattern, private-use and unassigned code points. A
     * name holding one looks like another 課's on every page and in every workbook, but is another name and folder.
     */
    private static final Pattern INVISIBLE = Pattern.compile(
            "[\\p{M}\\p{Co}\\p{Cn}\\p{Cs}\\x{115F}\\x{1160}\\x{3164}\\x{FFA0}\\x{2800}]");
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

    private DepartmentName() {
    }

    /** The name as it is written: stripped, full-width letters and digits as half-width (NFKC), as typed otherwise. */
    static String written(String typed) {
        return typed == null ? "" : Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
    }

    /**
     * The name to write, or 400 with why not.
     *
     * @param typed   as sent by the form
     * @param renamed the 課 being renamed (its own current and former names are not another's); null for a new 課
     * @param known   every 課 as serve has them and as the file has them now
     */
    static String checked(String typed, Department renamed, List<Department> known) {
        String name = written(typed);
        if (name.isEmpty()) {
            throw ConsoleDenied.badRequest("課名を入力してください。");
        }
        String shown = "「" + ReportText.shorten(name, MAX_LENGTH + 1) + "」";
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ConsoleDenied.badRequest("課名は" + MAX_LENGTH + "文字以内で入力してください（" + shown + "）。");
        }
        if (name.codePoints().anyMatch(Character::isWhitespace) || name.indexOf('\u3000') >= 0) {
            throw ConsoleDenied.badRequest("課名に空白は使えません（" + shown + "）。");
        }
        if (UNUSABLE.matcher(name).find()) {
            throw ConsoleDenied.badRequest("課名に使えない文字が含まれています（" + shown + "）。課名は共有フォルダのフォルダ名"
                    + "にもなるため、\\ / : * ? \" < > | , と制御文字は使えません。");
        }
        if (INVISIBLE.matcher(name).find()) {
            throw ConsoleDenied.badRequest("課名に、画面に表示されない文字か、前の字に重ねて表示される文字（異体字セレクタ、"
                    + "結合文字など）が含まれています（" + shown + "）。ほかの課名と見分けがつかなくなるため使えません。"
                    + "課名を入力し直してください。");
        }
        if (".=+-@".indexOf(name.charAt(0)) >= 0 || name.endsWith(".") || RESERVED.matcher(name).matches()) {
            throw ConsoleDenied.badRequest("課名" + shown + "は使えません。先頭の . = + - @ と末尾の . は、フォルダ名や"
                    + " Excel で別の意味になります。");
        }
        if (renamed != null && Department.nameKey(renamed.name()).equals(Department.nameKey(name))) {
            throw ConsoleDenied.badRequest("新しい課名" + shown + "は、現在の課名と同じです。");
        }
        for (Department other : known) {
            if (renamed != null && (other.isCalled(renamed.name()) || renamed.isCalled(other.name()))) {
                // its own former names: a 課 may get an earlier name back, also while serve still has it by that name
                continue;
            }
            Optional<String> same = Stream.concat(Stream.of(other.name()), other.formerNames().stream())
                    .filter(n -> folderKey(n).equals(folderKey(name))).findFirst();
            if (same.isPresent()) {
                throw ConsoleDenied.badRequest(shown + "は、既に" + other.name()
                        + (folderKey(other.name()).equals(folderKey(name)) ? "の課名" : "の旧名称")
                        + "として登録されています。同じ名前の課は登録できません。"
                        + (Department.nameKey(same.get()).equals(Department.nameKey(name)) ? ""
                        : "英字の大文字と小文字だけが違う名前は、共有フォルダでは同じフォルダになります。"));
            }
        }
        return name;
    }

    /**
     * A name as a folder of the shared inbox is found: as the loader compares names, and without the case of its
     * letters, which Windows does not tell apart (dx推進課 is the folder of DX推進課).
     */
    private static String folderKey(String name) {
        return Department.nameKey(name).toLowerCase(Locale.ROOT);
    }

    /** Free text of the 備考 column: one line, as IT staff read it in Excel. */
    static String notes(String typed) {
        String notes = typed == null ? "" : typed.strip();
        if (notes.codePointCount(0, notes.length()) > 200) {
            throw ConsoleDenied.badRequest("備考は200文字以内で入力してください。");
        }
        if (notes.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL
                || Character.getType(cp) == Character.FORMAT || cp == '\u2028' || cp == '\u2029')) {
            throw ConsoleDenied.badRequest("備考には改行や制御文字を入れずに、1行で入力してください。");
        }
        if (!notes.isEmpty() && "=+-@".indexOf(notes.charAt(0)) >= 0) {
            throw ConsoleDenied.badRequest("備考の先頭に = + - @ は使えません（Excel で開いたときに数式として読まれます）。");
        }
        return notes;
    }
}
