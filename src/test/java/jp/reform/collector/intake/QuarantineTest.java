package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import jp.reform.collector.store.FolderRefusalRepository.Kind;
import jp.reform.collector.store.FolderRefusalRepository.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reason file a 課 finds beside a quarantined file: its technical detail names no folder of the server. A
 * 課 folder that is a link is never written through.
 */
class QuarantineTest {

    @TempDir
    Path dir;

    private String note(Path inbox, String detail) throws Exception {
        Quarantine quarantine = new Quarantine(Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneId.of("Asia/Tokyo")),
                inbox);
        return quarantine.reason(new Refusal("職員課/実績.xlsx", "職員課", Kind.UNREADABLE, "", detail, null), null, null);
    }

    @Test
    void aPathInTheInboxIsShownRelativeToItAlsoWhenTheInboxIsReachedThroughALink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("shared/inbox"));
        Path link = Files.createSymbolicLink(dir.resolve("inbox-link"), real);

        assertThat(note(link, "java.nio.file.AccessDeniedException: " + link.resolve("職員課/実績.xlsx")))
                .contains("（技術的な詳細：java.nio.file.AccessDeniedException: 職員課/実績.xlsx）");
        assertThat(note(link, "java.nio.file.FileSystemException: " + real.resolve("職員課/実績.xlsx") + " -> "
                + real.resolve("職員課/.done/2026-07-01/R2026-000001_実績.xlsx") + ": Read-only file system"))
                .contains("（技術的な詳細：java.nio.file.FileSystemException: 職員課/実績.xlsx -> "
                        + "職員課/.done/2026-07-01/R2026-000001_実績.xlsx: Read-only file system）")
                .doesNotContain(dir.toString());
    }

    @Test
    void aDepartmentFolderThatIsALinkIsRefusedBeforeAnythingIsCreatedThroughIt() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path file = Files.writeString(elsewhere.resolve("実績.csv"), "指標コード");
        Files.createSymbolicLink(inbox.resolve("職員課"), elsewhere);
        Quarantine quarantine = new Quarantine(Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneId.of("Asia/Tokyo")),
                inbox);

        assertThatThrownBy(() -> quarantine.move(inbox.resolve("職員課/実績.csv"), "R2026-000001", "理由"))
                .isInstanceOf(IOException.class).hasMessageContaining("職員課 is a symbolic link");
        assertThatThrownBy(() -> ReceiptFiles.insideFolder(inbox.resolve("職員課"), ".done/2026-07-01"))
                .isInstanceOf(IOException.class);
        try (Stream<Path> left = Files.list(elsewhere)) {
            assertThat(left).as("no .quarantine or .done made through the link").containsExactly(file);
        }
    }

    @Test
    void anyOtherAbsolutePathIsCutToItsName() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));

        assertThat(note(inbox, "java.nio.file.NoSuchFileException: /srv/collector/data/folder-staging/folder-12.tmp"))
                .contains("（技術的な詳細：java.nio.file.NoSuchFileException: folder-12.tmp）");
        assertThat(note(inbox, "java.io.IOException: D:\\Program Files\\collector\\data\\folder-12.tmp: disk error"))
                .contains("（技術的な詳細：java.io.IOException: folder-12.tmp: disk error）");
        assertThat(note(inbox, "java.io.IOException: \\\\fileserver\\gyokaku\\inbox\\職員課\\実績.xlsx"))
                .contains("（技術的な詳細：java.io.IOException: 実績.xlsx）");
        assertThat(note(inbox, "java.io.IOException: Is a directory"))
                .contains("（技術的な詳細：java.io.IOException: Is a directory）");
    }
}
