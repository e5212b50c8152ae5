package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import jp.reform.collector.domain.Limits;
import org.junit.jupiter.api.Test;

/** The limits.* settings, and mail.max-files, of config/application.properties reach the ingest path. */
class LimitsSettingsTest {

    @Test
    void theShippedConfigurationHasTheDefaults() {
        assertThat(CollectorApplication.limits(AppSettings.load(Path.of("config"), Map.of())))
                .isEqualTo(Limits.DEFAULTS)
                .isEqualTo(new Limits(10_000, 1_000, 10_000, 20));
    }

    @Test
    void theEnvironmentRaisesALimitForABulkLoad() {
        Limits limits = CollectorApplication.limits(AppSettings.load(Path.of("config"),
                Map.of("LIMITS_MAX_ROWS_PER_FILE", "200000")));

        assertThat(limits.maxRowsPerFile()).isEqualTo(200_000);
        assertThat(limits.maxFileBytes()).isEqualTo(20L * 1024 * 1024);
    }

    @Test
    void aLimitBelowOneIsRefusedAtStart() {
        assertThatThrownBy(() -> CollectorApplication.limits(AppSettings.load(Path.of("config"),
                Map.of("LIMITS_MAX_FILE_MB", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits.max-file-mb");
    }

    @Test
    void atMostTwentyFilesAreReadFromOneMailUnlessTheEnvironmentSaysOtherwise() {
        assertThat(CollectorApplication.maxMailFiles(AppSettings.load(Path.of("config"), Map.of()))).isEqualTo(20);
        assertThat(CollectorApplication.maxMailFiles(AppSettings.load(Path.of("config"),
                Map.of("MAIL_MAX_FILES", "5")))).isEqualTo(5);
        assertThatThrownBy(() -> CollectorApplication.maxMailFiles(AppSettings.load(Path.of("config"),
                Map.of("MAIL_MAX_FILES", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mail.max-files");
    }
}
