package jp.reform.collector.console;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.ConfigCsvFile;
import jp.reform.collector.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line of a config/ file changed on the console (収集期間, 連絡先) together with its line in the audit log: the
 * log's line is written first in a transaction, committed once the file is in place, and rolled back when the file
 * is not written, so that neither stands without the other (but for a commit failing after the rename, which is
 * logged: serve takes the file up, only its line in the log is missing).
 */
final class AuditedConfigChange {

    private static final Logger LOG = LoggerFactory.getLogger(AuditedConfigChange.class);

    /** The file's change. */
    @FunctionalInterface
    interface Write {
        void write() throws ConfigCsvFile.Changed, ConfigCsvFile.Refused, IOException;
    }

    /**
     * What the page says when a change was not made, in the same words for every file: {@code what} as the division
     * knows it (収集期間の設定), {@code file} as IT staff find it (config/rounds.csv).
     */
    record Words(String what, String file) {

        /** config/departments.csv, written by 連絡先 and 課の設定. */
        static final Words DEPARTMENTS = new Words("課の設定", "config/departments.csv");

        /** The file changed since the page read it (409). */
        String changed() {
            return "この画面を開いた後に、" + what + "（" + file + "）が変わりました（別の画面からの保存、またはIT担当による編集）。"
                    + "保存していません。画面を更新して現在の設定を確認してから、もう一度操作してください。";
        }

        /** The file as it would be does not load: the loader's words, for IT staff. */
        String notLoading(String problem) {
            return what + "ファイル（" + file + "）の確認で問題が見つかったため、保存していません。IT担当にご連絡ください。（"
                    + problem + "）";
        }

        /** The file could not be read or written. */
        String notWritten() {
            return what + "ファイル（" + file + "）を読み書きできなかったため、保存していません。IT担当にご連絡ください。";
        }
    }

    private AuditedConfigChange() {
    }

    static void save(Database database, AuditLog audit, AuditEntry entry, Write write)
            throws SQLException, ConfigCsvFile.Changed, ConfigCsvFile.Refused, IOException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                audit.record(c, entry);
                write.write();
            } catch (ConfigCsvFile.Changed | ConfigCsvFile.Refused | IOException | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                LOG.error("{} by {} written to config/ but not recorded in the audit log: {}", entry.action().code(),
                        LogText.escape(entry.actor()), LogText.cause(e));
                throw e;
            }
        }
    }
}
