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
