package jp.reform.collector.read;

import java.util.List;
import java.util.stream.Collectors;

import jp.reform.collector.domain.Finding;

/** The read stage's findings, with their Japanese texts in one place. */
final class ReadFindings {

    static final String HEADER_NOT_FOUND = "header_not_found";
    static final String MISSING_COLUMN = "missing_column";
    static final String UNREADABLE_ENCODING = "unreadable_encoding";
    static final String UNREADABLE_FILE = "unreadable_file";
    static final String ENCRYPTED_FILE = "encrypted_file";
    static final String UNSUPPORTED_FORMAT = "unsupported_format";

    private static final String RESAVE_AS_XLSX = "Excel で開けることを確認し、「Excel ブック (*.xlsx)」形式で保存し直してください。";

    private ReadFindings() {
    }

    static Finding headerNotFound(int searchRows) {
        List<Field> expected = List.of(Field.INDICATOR_CODE, Field.FISCAL_YEAR, Field.ACTUAL, Field.STATUS_TEXT);
        return Finding.error(HEADER_NOT_FOUND,
                "見出し行が見つかりませんでした（各シートの先頭 " + searchRows + " 行を確認しました）。",
                quoted(expected) + "の列名を並べた見出し行を、先頭 " + searchRows + " 行以内に設けてください。");
    }

    static Finding missingColumn(TableHeader header, Field field) {
        return Finding.error(MISSING_COLUMN,
                        "「" + field.label() + "」列が見つかりません。",
                        "見出し行に「" + field.label() + "」列を設けてください（使える列名の例: "
                                + String.join("、", ColumnNames.examples(field)) + "）。")
                .at(header.sheet(), header.headerRow(), null, null);
    }

    static Finding unreadableEncoding() {
        return Finding.error(UNREADABLE_ENCODING,
                "文字コードを判別できませんでした。",
                "Excel で「CSV UTF-8」または「CSV(コンマ区切り)」で保存し直してください。");
    }

    static Finding emptyFile() {
        return Finding.error(UNREADABLE_FILE,
                "ファイルが空です（0 バイト）。",
                "内容を入力して保存したファイルを提出し直してください。");
    }

    static Finding corruptFile() {
        return Finding.error(UNREADABLE_FILE,
                "ファイルを読み取れませんでした。ファイルが壊れているか、Excel の形式ではありません。",
                RESAVE_AS_XLSX);
    }

    static Finding oldExcelFormat() {
        return Finding.error(UNREADABLE_FILE,
                "Excel 95 以前の古い形式のため読み取れません。",
                "Excel で開き、「Excel ブック (*.xlsx)」形式で保存し直してください。");
    }

    static Finding malformedCsv() {
        return Finding.error(UNREADABLE_FILE,
                "CSV ファイルの形式が正しくありません（引用符 \" の対応が取れていない箇所があります）。",
                "Excel で開き、「CSV UTF-8」または「CSV(コンマ区切り)」で保存し直してください。");
    }

    static Finding encrypted() {
        return Finding.error(ENCRYPTED_FILE,
                "ファイルにパスワードが設定されているため読み取れません。",
                "パスワードを解除して保存し直してください（Excel の「ファイル」→「情報」→「ブックの保護」→「パスワードを使用して暗号化」で解除できます）。");
    }

    static Finding unsupportedExtension(String extension) {
        String shown = extension.isEmpty() ? "拡張子なし" : "." + extension;
        return Finding.error(UNSUPPORTED_FORMAT,
                "このファイル形式（" + shown + "）には対応していません。",
                "Excel ブック (.xlsx / .xls) または CSV ファイル (.csv) で提出してください。");
    }

    static Finding webPageSavedAsExcel() {
        return Finding.error(UNSUPPORTED_FORMAT,
                "ファイルの中身が Excel ブックではありません（Web ページまたは XML 形式で保存されています）。",
                "Excel で開き、「Excel ブック (*.xlsx)」形式で保存し直してください。");
    }

    static Finding notAWorkbook() {
        return Finding.error(UNSUPPORTED_FORMAT,
                "ファイルの中身が Excel ブックではありません。",
                RESAVE_AS_XLSX);
    }

    private static String quoted(List<Field> fields) {
        return fields.stream().map(f -> "「" + f.label() + "」").collect(Collectors.joining());
    }
}
