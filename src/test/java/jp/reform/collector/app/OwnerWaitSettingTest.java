package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * db.owner-wait-seconds, as the README's limits table offers it: the environment overrides only keys that
 * config/application.properties lists, so the shipped file must list it.
 */
class OwnerWaitSettingTest {

    @Test
    void theShippedConfigurationWaitsTwoMinutesForTheOwner() {
        assertThat(AppSettings.load(Path.of("config"), Map.of()).getInt("db.owner-wait-seconds", -1))
                .isEqualTo(120);
    }

    @Test
    void theEnvironmentChangesHowLongACommandWaitsForTheOwner() {
        AppSettings settings = AppSettings.load(Path.of("config"), Map.of("DB_OWNER_WAIT_SECONDS", "15"));

        assertThat(settings.getInt("db.owner-wait-seconds", 120)).isEqualTo(15);
    }
}
