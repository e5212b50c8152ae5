package jp.reform.collector.console;

import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.reform.collector.master.Department;
import jp.reform.collector.report.ReportText;

/**
 * A 課's name as the division types it for a new 課 or a renamed one (課の設定), checked before config/departments.csv
 * is touched. The name is also a folder of the shared inbox (inbox\&lt;課&gt;\), a cell of every workbook and a word
 * of every mail, so it is refused with what to put right when Windows could not make it a folder, when Excel would
 * read it as a formula, or when it is already a 課's name or former name, as the loader compares names (full-width
 * ＤＸ is DX).
 */
final class DepartmentName {

    /** Longer than any 課 (「市民協働推進課」 is 7); a longer one is a sentence typed into the box. */
    static final int MAX_LENGTH = 30;
    /** What Windows does not take in a folder name, the CSV's separators, and invisible or control characters. */
    private static final Pattern UNUSABLE = Pattern.compile("[\\\\/:*?\"<>|,\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");
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
        if (".=+-@".indexOf(name.charAt(0)) >= 0 || name.endsWith(".") || RESERVED.matcher(name).matches()) {
            throw ConsoleDenied.badRequest("課名" + shown + "は使えません。先頭の . = + - @ と末尾の . は、フォルダ名や"
                    + " Excel で別の意味になります。");
        }
        if (renamed != null && Department.nameKey(renamed.name()).equals(Department.nameKey(name))) {
            throw ConsoleDenied.badRequest("新しい課名" + shown + "は、現在の課名と同じです。");
        }
        for (Department other : known) {
            if (renamed != null && other.isCalled(renamed.name())) {
                continue; // its own former names: a 課 may get an earlier name back
            }
            if (other.isCalled(name)) {
                throw ConsoleDenied.badRequest(shown + "は、既に" + other.name()
                        + (Department.nameKey(other.name()).equals(Department.nameKey(name)) ? "の課名" : "の旧名称")
                        + "として登録されています。同じ名前の課は登録できません。");
            }
        }
        return name;
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
